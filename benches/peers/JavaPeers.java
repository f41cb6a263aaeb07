import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamWriter;

import nl.spiegelinformatie.BulkStream;
import nl.spiegelinformatie.LooseMetingen;
import nl.spiegelinformatie.StreamZorgtraject;

/**
 * The Java side of the peer benchmark (benches/peers/run.sh, BENCHMARKS.md "Peers").
 *
 * <pre>
 * java JavaPeers stax    FLAT OUT.xml QUARTER
 * java JavaPeers wrapper FLAT OUT.xml QUARTER
 * </pre>
 *
 * Both load the flat records (benches/support/mod.rs) into the same Java objects first (dates
 * as LocalDate). The timed phase writes the quarter's file: stax, as a vendor writes it
 * without the library (the quarter's selection by hand, XMLStreamWriter, the library's
 * layout); wrapper, every record pushed through BulkStream (the library selecting; children
 * skipped when begin() says the trajectory is not in the quarter). Prints
 * "RESULT NAME SECONDS RSS_BEFORE_KIB PEAK_KIB CPU_SECONDS" (peak reset before the phase; CPU of
 * all threads during the phase).
 */
public final class JavaPeers {
    private static final LocalDateTime CREATED = LocalDateTime.of(2025, 1, 2, 8, 0, 0);

    static final class Item {
        String code;
        String score;
    }

    static final class Meting {
        String instrument;
        LocalDate datum;
        final List<Item> items = new ArrayList<>();
    }

    static final class Coded {
        String code;
        LocalDate datum;
    }

    static final class Typering {
        String honos;
        String code;
        LocalDate datum;
    }

    static final class Traject {
        String key;
        String groep;
        LocalDate begin;
        LocalDate end;
        final List<Coded> primair = new ArrayList<>();
        final List<String> neven = new ArrayList<>();
        final List<Typering> typeringen = new ArrayList<>();
        final List<Coded> prestaties = new ArrayList<>();
        final List<Meting> metingen = new ArrayList<>();
    }

    static final class Provider {
        String code;
        final List<Traject> trajecten = new ArrayList<>();
        final List<Meting> loose = new ArrayList<>();
    }

    private JavaPeers() {
    }

    private static LocalDate day(String s) {
        return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                Integer.parseInt(s.substring(8, 10)));
    }

    private static String opt(String s) {
        return s.equals("-") ? null : s;
    }

    private static List<Provider> load(Path path) throws Exception {
        List<Provider> providers = new ArrayList<>();
        Provider p = null;
        Traject t = null;
        Meting m = null;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "Z":
                    p = new Provider();
                    p.code = f[1];
                    providers.add(p);
                    break;
                case "T":
                    t = new Traject();
                    t.key = opt(f[1]);
                    t.begin = day(f[2]);
                    t.end = f[3].equals("-") ? null : day(f[3]);
                    t.groep = opt(f[4]);
                    p.trajecten.add(t);
                    break;
                case "P": {
                    Coded c = new Coded();
                    c.code = f[1];
                    c.datum = day(f[2]);
                    t.primair.add(c);
                    break;
                }
                case "N":
                    t.neven.add(f[1]);
                    break;
                case "V": {
                    Typering v = new Typering();
                    v.honos = opt(f[1]);
                    v.code = opt(f[2]);
                    v.datum = day(f[3]);
                    t.typeringen.add(v);
                    break;
                }
                case "R": {
                    Coded c = new Coded();
                    c.code = f[1];
                    c.datum = day(f[2]);
                    t.prestaties.add(c);
                    break;
                }
                case "M":
                case "L":
                    m = new Meting();
                    m.instrument = f[1];
                    m.datum = day(f[2]);
                    (f[0].equals("M") ? t.metingen : p.loose).add(m);
                    break;
                case "I": {
                    Item i = new Item();
                    i.code = f[1];
                    i.score = f[2];
                    m.items.add(i);
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown record " + f[0]);
            }
        }
        return providers;
    }

    /** The core CQi items 1 to 16, written without leading zeros or signs. */
    private static boolean itemAllowed(String code) {
        if (code.isEmpty() || code.charAt(0) == '0' || code.charAt(0) == '+') {
            return false;
        }
        try {
            int n = Integer.parseInt(code);
            return n >= 1 && n <= 16;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void indent(XMLStreamWriter w, int depth) throws Exception {
        w.writeCharacters("\n");
        for (int i = 0; i < depth; i++) {
            w.writeCharacters("  ");
        }
    }

    private static void meting(XMLStreamWriter w, Meting m, int depth) throws Exception {
        indent(w, depth);
        List<Item> kept = new ArrayList<>();
        for (Item i : m.items) {
            if (itemAllowed(i.code)) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            w.writeEmptyElement("Meting");
        } else {
            w.writeStartElement("Meting");
        }
        w.writeAttribute("meetinstrument_code", m.instrument);
        w.writeAttribute("datum", m.datum.toString());
        for (Item i : kept) {
            indent(w, depth + 1);
            w.writeEmptyElement("Item");
            w.writeAttribute("item_code", i.code);
            w.writeAttribute("score", i.score);
        }
        if (!kept.isEmpty()) {
            indent(w, depth);
            w.writeEndElement();
        }
    }

    private static void stax(List<Provider> providers, Path out, String quarter) throws Exception {
        int year = Integer.parseInt(quarter.substring(0, 4));
        int q = quarter.charAt(6) - '0';
        LocalDate first = LocalDate.of(year, 3 * q - 2, 1);
        LocalDate last = first.plusMonths(3).minusDays(1);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(file, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("Bestand");
            w.writeAttribute("datum_creatie", "2025-01-02T08:00:00");
            w.writeAttribute("begindatum_aangeleverde_periode", first.toString());
            w.writeAttribute("einddatum_aangeleverde_periode", last.toString());
            for (Provider p : providers) {
                indent(w, 1);
                w.writeStartElement("Zorgaanbieder");
                w.writeAttribute("zorgaanbieder_code", p.code);
                for (Traject t : p.trajecten) {
                    if (t.begin.isAfter(last) || (t.end != null && t.end.isBefore(first))) {
                        continue;
                    }
                    indent(w, 2);
                    w.writeStartElement("Zorgtraject");
                    w.writeAttribute("begindatum", t.begin.toString());
                    if (t.end != null && !t.end.isAfter(last)) {
                        w.writeAttribute("einddatum", t.end.toString());
                    }
                    if (t.groep != null) {
                        w.writeAttribute("groep_code", t.groep);
                    }
                    for (Coded c : t.primair) {
                        indent(w, 3);
                        w.writeEmptyElement("Primair");
                        w.writeAttribute("cl_d5_diagnose_code", c.code);
                        w.writeAttribute("datum", c.datum.toString());
                    }
                    for (String c : t.neven) {
                        indent(w, 3);
                        w.writeEmptyElement("Neven");
                        w.writeAttribute("cl_d5_diagnose_code", c);
                    }
                    for (Typering v : t.typeringen) {
                        indent(w, 3);
                        w.writeEmptyElement("Zorgvraagtypering");
                        if (v.honos != null) {
                            w.writeAttribute("zorgvraagtype_code_honos", v.honos);
                        }
                        if (v.code != null) {
                            w.writeAttribute("zorgvraagtype_code", v.code);
                        }
                        w.writeAttribute("datum", v.datum.toString());
                    }
                    for (Coded c : t.prestaties) {
                        indent(w, 3);
                        w.writeEmptyElement("Prestatie");
                        w.writeAttribute("prestatie_code", c.code);
                        w.writeAttribute("datum", c.datum.toString());
                    }
                    for (Meting m : t.metingen) {
                        meting(w, m, 3);
                    }
                    indent(w, 2);
                    w.writeEndElement();
                }
                for (Meting m : p.loose) {
                    if (!m.datum.isBefore(first) && !m.datum.isAfter(last)) {
                        meting(w, m, 2);
                    }
                }
                indent(w, 1);
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            file.write('\n');
        }
    }

    private static void wrapper(List<Provider> providers, Path out, String quarter) {
        try (BulkStream s = BulkStream.toFile(out.toString(), quarter, CREATED)) {
            for (Provider p : providers) {
                s.startZorgaanbieder(p.code);
                for (Traject t : p.trajecten) {
                    StreamZorgtraject z = s.zorgtraject(t.begin).einddatum(t.end).vendorKey(t.key).groepCode(t.groep);
                    if (z.begin()) {
                        for (Coded c : t.primair) {
                            z.primair(c.code, c.datum);
                        }
                        for (String c : t.neven) {
                            z.neven(c);
                        }
                        for (Typering v : t.typeringen) {
                            z.zorgvraagtypering(v.honos, v.code, v.datum);
                        }
                        for (Coded c : t.prestaties) {
                            z.prestatie(c.code, c.datum);
                        }
                        for (Meting m : t.metingen) {
                            z.meting(m.instrument, m.datum);
                            for (Item i : m.items) {
                                z.item(i.code, i.score);
                            }
                        }
                    }
                    z.end();
                }
                for (Meting m : p.loose) {
                    LooseMetingen l = s.looseMeting(m.instrument, m.datum);
                    for (Item i : m.items) {
                        l.item(i.code, i.score);
                    }
                }
            }
            s.finish().close();
        }
    }

    /**
     * What an application does once, not per export: find the StAX implementation, or load the
     * native library (a stream opened and discarded). Kept out of the timed phase for both.
     */
    private static void warmUp(String mode, Path out) throws Exception {
        if (mode.equals("stax")) {
            XMLOutputFactory.newInstance();
        } else {
            Path scratch = out.resolveSibling(out.getFileName() + ".warm-up");
            try (BulkStream s = BulkStream.toFile(scratch.toString(), "2024-Q1", CREATED)) {
                s.startZorgaanbieder("12345678");
            }
        }
    }

    /** CPU seconds (user + system, all threads: GC and JIT included) from /proc/self/stat. */
    private static double cpuSeconds() throws Exception {
        String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long statusKib(String field) throws Exception {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java JavaPeers stax|wrapper FLAT OUT.xml QUARTER");
            System.exit(2);
        }
        List<Provider> providers = load(Paths.get(args[1]));
        warmUp(args[0], Paths.get(args[2]));
        System.gc();
        try {
            Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            // Not Linux, or not allowed: the peak then covers the loading too.
        }
        long before = statusKib("VmRSS:");
        double c0 = cpuSeconds();
        long t0 = System.nanoTime();
        if (args[0].equals("stax")) {
            stax(providers, Paths.get(args[2]), args[3]);
        } else {
            wrapper(providers, Paths.get(args[2]), args[3]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "RESULT java-%s %.3f %d %d %.2f%n", args[0], seconds, before,
                statusKib("VmHWM:"), cpuSeconds() - c0);
        if (providers.isEmpty()) {
            System.out.println("(no records)");
        }
    }
}
