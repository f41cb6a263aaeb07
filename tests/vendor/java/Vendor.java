// A vendor's program, written from bindings/java/README.md and the jar alone (see
// tests/vendor/README.md): the reference delivery of bindings/reference/README.md, first as the
// EPD's own plain objects, then exported through the typed layer twice: BulkStream to
// <dir>/bulkstream.xml and TypedDelivery to <dir>/typeddelivery.xml.
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import nl.spiegelinformatie.*;

public class Vendor {
    // ---- the EPD's own records ----
    record Diagnose(boolean primair, String code, LocalDate datum) {}
    record Zvt(String honos, String code, LocalDate datum) {}
    record Prestatie(String code, LocalDate datum) {}
    record Item(String code, String score) {}
    record Meting(LocalDate datum, List<Item> items) {}
    record Traject(String vendorKey, LocalDate begin, LocalDate eind, String groep,
                   List<Diagnose> diagnoses, List<Zvt> zvts, List<Prestatie> prestaties,
                   List<Meting> metingen) {}
    record Aanbieder(String agb, List<Traject> trajecten, List<Meting> losseMetingen) {}

    static final String INSTRUMENT = "CQi-GGZ-VZ-AKWA";
    static final String QUARTER = "2024-Q1";
    static final LocalDateTime DATUM_CREATIE = LocalDateTime.of(2024, 4, 3, 10, 15, 0);
    static final String ZUID = "Locatie Zuid & \"Noord\" \u2014 Gr\u00fc\u00dfe \u65e5\u672c";

    static LocalDate d(int y, int m, int day) { return LocalDate.of(y, m, day); }

    static List<Aanbieder> fromEpd() {
        Traject closed = new Traject("REF-CLOSED", d(2023, 6, 1), d(2024, 2, 15), ZUID,
            List.of(new Diagnose(true, "D5_5.03", d(2023, 6, 20)),
                    new Diagnose(true, "D5_4.02.02.02", d(2024, 1, 10)),
                    new Diagnose(false, "D5_6.01", null)),
            List.of(new Zvt("3", "3", d(2023, 6, 20)), new Zvt("11", null, d(2024, 1, 10))),
            List.of(new Prestatie("CO0001", d(2023, 6, 1)), new Prestatie("CO0002", d(2024, 2, 1))),
            List.of(new Meting(d(2024, 2, 10),
                List.of(new Item("1", "4"), new Item("2", "3"), new Item("17", "2")))));
        Traject open = new Traject("REF-OPEN", d(2023, 11, 2), null, "Locatie A",
            List.of(new Diagnose(true, "D5_7.01", d(2023, 11, 20))),
            List.of(new Zvt(null, "5", d(2023, 11, 20))),
            List.of(new Prestatie("CO0001", d(2024, 3, 5))), List.of());
        Traject endsAfter = new Traject("REF-ENDS-AFTER", d(2024, 3, 31), d(2024, 5, 10), null,
            List.of(), List.of(), List.of(new Prestatie("CO0001", d(2024, 4, 15))), List.of());
        Traject excluded = new Traject("REF-EXCLUDED", d(2023, 1, 1), d(2023, 12, 31), "Locatie A",
            List.of(), List.of(), List.of(new Prestatie("CO0001", d(2023, 2, 1))), List.of());
        Aanbieder a = new Aanbieder("12345678", List.of(closed, open, endsAfter, excluded),
            List.of(new Meting(d(2024, 3, 1), List.of(new Item("1", "3"), new Item("16", "5"))),
                    new Meting(d(2024, 4, 2), List.of(new Item("1", "2")))));

        Traject b1 = new Traject("REF-B-1", d(2024, 1, 1), d(2024, 1, 1), null,
            List.of(new Diagnose(true, "D5_2.01", d(2024, 1, 1))), List.of(), List.of(), List.of());
        Aanbieder b = new Aanbieder("87654321", List.of(b1),
            List.of(new Meting(d(2024, 1, 15), List.of(new Item("5", "1")))));
        return List.of(a, b);
    }

    // The children of one trajectory, onto either builder (both extend ChildBuilder).
    static <T extends ChildBuilder<T>> void children(ChildBuilder<T> c, Traject t) {
        for (Diagnose x : t.diagnoses()) {
            if (x.primair()) c.primair(x.code(), x.datum()); else c.neven(x.code());
        }
        for (Zvt z : t.zvts()) c.zorgvraagtypering(z.honos(), z.code(), z.datum());
        for (Prestatie p : t.prestaties()) c.prestatie(p.code(), p.datum());
        for (Meting m : t.metingen()) {
            c.meting(INSTRUMENT, m.datum());
            for (Item i : m.items()) c.item(i.code(), i.score());
        }
    }

    static Report viaBulkStream(List<Aanbieder> epd, String path) {
        try (BulkStream s = BulkStream.toFile(path, QUARTER, DATUM_CREATIE)) {
            for (Aanbieder a : epd) {
                s.startZorgaanbieder(a.agb());
                for (Traject t : a.trajecten()) {
                    StreamZorgtraject b = s.zorgtraject(t.begin()).einddatum(t.eind())
                        .vendorKey(t.vendorKey()).groepCode(t.groep());
                    if (b.begin()) children(b, t);
                    b.end();
                }
                for (Meting m : a.losseMetingen()) {
                    LooseMetingen l = s.looseMeting(INSTRUMENT, m.datum());
                    for (Item i : m.items()) l.item(i.code(), i.score());
                }
            }
            return s.finish();
        }
    }

    static Report viaTypedDelivery(List<Aanbieder> epd, String path) {
        try (TypedDelivery d = new TypedDelivery(QUARTER, DATUM_CREATIE)) {
            for (Aanbieder a : epd) {
                ZorgaanbiederId za = d.addZorgaanbieder(a.agb());
                for (Traject t : a.trajecten()) {
                    DeliveryZorgtraject b = d.zorgtraject(za, t.begin()).einddatum(t.eind())
                        .vendorKey(t.vendorKey()).groepCode(t.groep());
                    children(b, t);
                    b.add();
                }
                LooseMetingen loose = d.looseMetingen();
                for (Meting m : a.losseMetingen()) {
                    loose.meting(INSTRUMENT, m.datum());
                    for (Item i : m.items()) loose.item(i.code(), i.score());
                }
                d.addLooseMetingen(za, loose);
            }
            return d.delivery().writeFile(path);
        }
    }

    // The reference's report: no errors, and the one item-not-allowed warning is item 17 of
    // REF-CLOSED (the bundled code lists are partial: codes not on them are warnings too).
    static void checkReport(String how, Report r) {
        try (r) {
            int item17 = 0, itemWarnings = 0;
            for (Diagnostic x : r) {
                if (!"item-not-allowed".equals(x.rule)) continue;
                itemWarnings++;
                if ("17".equals(x.value) && "REF-CLOSED".equals(x.vendorKey)) item17++;
            }
            if (r.errors() != 0 || itemWarnings != 1 || item17 != 1) {
                throw new IllegalStateException(how + ": expected no errors and one item-not-allowed"
                    + " warning, for item 17 of REF-CLOSED; got: " + r.summary(true));
            }
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java Vendor <output dir>");
            System.exit(2);
        }
        if (!Spiegel.isAvailable()) {
            System.err.println("vendor java: " + Spiegel.unavailableReason());
            System.exit(1);
        }
        try {
            List<Aanbieder> epd = fromEpd();
            checkReport("BulkStream", viaBulkStream(epd, Paths.get(args[0], "bulkstream.xml").toString()));
            checkReport("TypedDelivery", viaTypedDelivery(epd, Paths.get(args[0], "typeddelivery.xml").toString()));
        } catch (SpiegelException e) {
            System.err.println("vendor java: " + e.getMessage());
            e.getDiagnostics().forEach(x -> System.err.println("  " + x));
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("vendor java: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("vendor java: wrote 2 files");
    }
}
