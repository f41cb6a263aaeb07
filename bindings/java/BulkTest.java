import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Locale;

import nl.spiegelinformatie.BulkStream;
import nl.spiegelinformatie.Delivery;
import nl.spiegelinformatie.Report;
import nl.spiegelinformatie.ResultCode;
import nl.spiegelinformatie.SelectionCounts;
import nl.spiegelinformatie.Severity;
import nl.spiegelinformatie.SpiegelDate;
import nl.spiegelinformatie.SpiegelException;
import nl.spiegelinformatie.StreamZorgtraject;
import nl.spiegelinformatie.TypedDelivery;
import nl.spiegelinformatie.ZorgaanbiederId;
import nl.spiegelinformatie.ZorgtrajectId;

/**
 * The reference delivery (bindings/reference/README.md) through the typed layer: LocalDate
 * dates, LocalDateTime datum_creatie with zero seconds, the builder, typed ids, under a Thai
 * locale. Both files must equal the golden file byte for byte. Then the collect mode, the
 * selection counts and the wrapper's own messages.
 *
 * usage: java BulkTest GOLDEN_XML SCRATCH_DIR
 */
public final class BulkTest {
    private static final String CQI = "CQi-GGZ-VZ-AKWA";
    private static final String ZUID = "Locatie Zuid & \"Noord\" \u2014 Gr\u00fc\u00dfe \u65e5\u672c";
    private static final LocalDateTime CREATED = LocalDateTime.of(2024, 4, 3, 10, 15, 0);
    private static int failures;

    private BulkTest() {
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            System.err.println("FAILED: " + what);
            failures++;
        }
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    private static void streamed(String path) {
        try (BulkStream s = BulkStream.toFile(path, "2024-Q1", CREATED)) {
            s.startZorgaanbieder("12345678");
            StreamZorgtraject t = s.zorgtraject(d(2023, 6, 1)).einddatum(d(2024, 2, 15)).vendorKey("REF-CLOSED")
                    .groepCode(ZUID);
            expect(t.begin(), "REF-CLOSED is in the quarter");
            t.primair("D5_5.03", d(2023, 6, 20)).primair("D5_4.02.02.02", d(2024, 1, 10))
                    .neven("D5_6.01")
                    .zorgvraagtypering("3", "3", d(2023, 6, 20)).zorgvraagtypering("11", null, d(2024, 1, 10))
                    .prestatie("CO0001", d(2023, 6, 1)).prestatie("CO0002", "2024-02-01")
                    .meting(CQI, d(2024, 2, 10)).item("1", "4").item("2", "3").item("17", "2");
            t.end();

            t = s.zorgtraject(d(2023, 11, 2)).vendorKey("REF-OPEN").groepCode("Locatie A");
            if (t.begin()) {
                t.primair("D5_7.01", d(2023, 11, 20)).zorgvraagtypering(null, "5", d(2023, 11, 20))
                        .prestatie("CO0001", d(2024, 3, 5));
            }
            t.end();

            s.zorgtraject(d(2024, 3, 31)).einddatum(d(2024, 5, 10)).vendorKey("REF-ENDS-AFTER")
                    .prestatie("CO0001", d(2024, 4, 15)).end();

            t = s.zorgtraject(d(2023, 1, 1)).einddatum(d(2023, 12, 31)).vendorKey("REF-EXCLUDED")
                    .groepCode("Locatie A");
            expect(!t.begin(), "REF-EXCLUDED is not in the quarter");
            t.end();

            s.looseMeting(CQI, d(2024, 3, 1)).item("1", "3").item("16", "5");
            s.looseMeting(CQI, d(2024, 4, 2)).item("1", "2");

            s.startZorgaanbieder("87654321");
            t = s.zorgtraject(d(2024, 1, 1)).einddatum(d(2024, 1, 1)).vendorKey("REF-B-1");
            if (t.begin()) {
                t.primair("D5_2.01", d(2024, 1, 1));
            }
            t.end();
            s.looseMeting(CQI, d(2024, 1, 15)).item("5", "1");

            try (Report report = s.finish()) {
                long item17 = report.stream().filter(x -> x.rule.equals("item-not-allowed")
                        && x.value.equals("17")).count();
                expect(item17 == 1, "item 17 left out with a warning");
            }
            SelectionCounts c = s.selection();
            expect(c.zorgtrajectenClosed() == 2 && c.zorgtrajectenOpen() == 2 && c.einddatumLeftOut() == 1,
                    "closed 2, open 2, einddatum left out 1");
            expect(c.zorgtrajectenEndedBefore() == 1 && c.zorgtrajectenStartAfter() == 0, "ended before 1");
            expect(c.looseMetingenDelivered() == 2 && c.looseMetingenLeftOut() == 1 && c.itemsLeftOut() == 1,
                    "loose 2/1, items 1");
        }
    }

    private static void typed(String path) {
        try (TypedDelivery d = new TypedDelivery("2024-Q1", CREATED)) {
            ZorgaanbiederId a = d.addZorgaanbieder("12345678");
            d.zorgtraject(a, d(2023, 6, 1)).einddatum(d(2024, 2, 15)).vendorKey("REF-CLOSED").groepCode(ZUID)
                    .primair("D5_5.03", d(2023, 6, 20)).primair("D5_4.02.02.02", d(2024, 1, 10))
                    .neven("D5_6.01")
                    .zorgvraagtypering("3", "3", d(2023, 6, 20)).zorgvraagtypering("11", null, d(2024, 1, 10))
                    .prestatie("CO0001", d(2023, 6, 1)).prestatie("CO0002", d(2024, 2, 1))
                    .meting(CQI, d(2024, 2, 10)).item("1", "4").item("2", "3").item("17", "2")
                    .add();
            ZorgtrajectId open = d.zorgtraject(a, d(2023, 11, 2)).vendorKey("REF-OPEN").groepCode("Locatie A")
                    .primair("D5_7.01", d(2023, 11, 20)).zorgvraagtypering(null, "5", d(2023, 11, 20)).add();
            d.addPrestatie(open, "CO0001", d(2024, 3, 5));
            d.zorgtraject(a, d(2024, 3, 31)).einddatum(d(2024, 5, 10)).vendorKey("REF-ENDS-AFTER")
                    .prestatie("CO0001", d(2024, 4, 15)).add();
            d.zorgtraject(a, d(2023, 1, 1)).einddatum(d(2023, 12, 31)).vendorKey("REF-EXCLUDED").groepCode("Locatie A")
                    .prestatie("CO0001", d(2023, 2, 1)).add();
            d.addLooseMetingen(a, d.looseMetingen().meting(CQI, d(2024, 3, 1)).item("1", "3").item("16", "5")
                    .meting(CQI, d(2024, 4, 2)).item("1", "2"));
            ZorgaanbiederId b = d.addZorgaanbieder("87654321");
            d.zorgtraject(b, d(2024, 1, 1)).einddatum(d(2024, 1, 1)).vendorKey("REF-B-1")
                    .primair("D5_2.01", d(2024, 1, 1)).add();
            d.addLooseMetingen(b, d.looseMetingen().meting(CQI, d(2024, 1, 15)).item("5", "1"));
            try (Report report = d.delivery().writeFile(path)) {
                expect(SelectionCounts.of(report).zorgtrajectenClosed() == 2, "selection counts of a delivery's report");
            }
        }
    }

    private static long errors(SpiegelException e) {
        return e.getDiagnostics().stream().filter(x -> x.severity == Severity.ERROR).count();
    }

    private static void collected(Path dir) {
        int thrown = 0;
        Path collected = dir.resolve("collected.xml");
        try (BulkStream s = BulkStream.toFile(collected.toString(), "2024-Q1", CREATED)) {
            s.setCollectRefusals(true);
            s.startZorgaanbieder("12345678");
            for (int i = 0; i < 2; i++) {
                StreamZorgtraject t = s.zorgtraject(d(2024, 1, 1)).vendorKey("BAD-" + i);
                try {
                    if (t.begin()) {
                        for (int k = 0; k < 15; k++) {
                            t.prestatie("", d(2024, 1, 2)).meting(CQI, d(1, 1, 1)).item("1", "4");
                        }
                    }
                    t.end();
                } catch (SpiegelException e) {
                    thrown++;
                }
            }
            StreamZorgtraject bad = s.zorgtraject(d(999, 12, 31)).vendorKey("BAD-DATE");
            try {
                expect(!bad.begin(), "a refused trajectory is not wanted");
                bad.end();
            } catch (SpiegelException e) {
                thrown++;
            }
            expect(thrown == 0, "no exception per record in collect mode (got " + thrown + ")");
            expect(s.refusals().count() == 3, "three calls with refusals (got " + s.refusals().count() + ")");
            expect(s.refusals().messages().get(0).contains("45 of the 45 records"), s.refusals().messages().get(0));
            expect(s.countErrors() == 61, "every refused record is in the report (got " + s.countErrors() + ")");
            try {
                s.finish();
                thrown++;
            } catch (SpiegelException e) {
                // Identical diagnostics are one entry; the message counts every occurrence.
                expect(e.getCode() == ResultCode.DELIVERY_HAS_ERRORS && errors(e) >= 1
                        && e.getMessage().contains("61 error(s)"), "finish throws once, with every error: " + e.getMessage());
            }
        }
        expect(!Files.exists(collected), "no file with errors");

        try (BulkStream s = BulkStream.toFile(dir.resolve("thrown.xml").toString(), "2024-Q1", CREATED)) {
            s.startZorgaanbieder("12345678");
            StreamZorgtraject t = s.zorgtraject(d(2024, 1, 1));
            t.begin();
            try {
                s.zorgtraject(d(2024, 1, 1));
                thrown++;
            } catch (IllegalStateException e) {
                expect(e.getMessage().contains("end()"), e.getMessage());
            }
            t.prestatie("CO0001", d(2024, 12, 1)).prestatie("", d(2024, 1, 2));
            try {
                t.end();
                thrown++;
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.INVALID_VALUE && e.getMessage().contains("prestatie_code"), e.getMessage());
            }
            try {
                s.finish();
            } catch (SpiegelException e) {
                expect(!e.getMessage().contains("spiegel_"), "no C names: " + e.getMessage());
            }
        }
        try {
            SpiegelDate.parse("2024-02-30", "prestatie", "datum");
            thrown++;
        } catch (IllegalArgumentException e) {
            expect(e.getMessage().startsWith("prestatie: datum"), e.getMessage());
        }
        expect(thrown == 0, "the expected exceptions were thrown");
    }

    /** "Lever alles aan wat je hebt": with setLeaveOutUnrepresentable a refused record's
     * trajectory is left out and the file is written; without it the file is blocked. */
    private static void leftOut(Path dir) throws Exception {
        for (boolean leaveOut : new boolean[] {false, true}) {
            Path path = dir.resolve("left-out-" + leaveOut + ".xml");
            try (BulkStream s = BulkStream.toFile(path.toString(), "2024-Q1", CREATED)) {
                s.setCollectRefusals(true);
                s.setLeaveOutUnrepresentable(leaveOut);
                s.startZorgaanbieder("12345678");
                s.zorgtraject(d(2024, 1, 1)).vendorKey("BAD").prestatie("", d(2024, 1, 2)).end();
                s.zorgtraject(d(2024, 1, 3)).vendorKey("GOOD").prestatie("CO0001", d(2024, 1, 4)).end();
                try {
                    s.setLeaveOutUnrepresentable(!leaveOut);
                    expect(false, "a setting after startZorgaanbieder throws");
                } catch (SpiegelException e) {
                    expect(e.getCode() == ResultCode.WRONG_STATE
                            && e.getMessage().contains("before the first startZorgaanbieder"), e.getMessage());
                }
                try (Report report = s.finish()) {
                    expect(leaveOut, "without leaving out, finish throws");
                    long leftOut = report.stream().filter(x -> x.rule.equals("record-left-out")).count();
                    expect(leftOut == 1 && report.errors() == 0, "one record-left-out, no errors");
                } catch (SpiegelException e) {
                    expect(!leaveOut && e.getCode() == ResultCode.DELIVERY_HAS_ERRORS, e.getMessage());
                }
            }
            expect(Files.exists(path) == leaveOut, "the file is written only when leaving out");
            if (leaveOut) {
                String xml = Files.readString(path);
                expect(xml.contains("begindatum=\"2024-01-03\"") && !xml.contains("begindatum=\"2024-01-01\""),
                        "only GOOD is in the file: " + xml);
            }
        }
        try (Delivery d = new Delivery()) {
            d.setQuarter("2024-Q1");
            d.setLeaveOutUnrepresentable(true);
            int za = d.addZorgaanbieder("12345678");
            int t = d.addZorgtraject(za, "BAD", "2024-01-01", null, null);
            try {
                d.addPrestatie(t, "CO0001", "2024-02-30");
                expect(false, "the refused record still throws");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.INVALID_VALUE, e.getMessage());
            }
            d.addZorgtraject(za, "GOOD", "2024-01-03", null, null);
            Report[] report = new Report[1];
            byte[] xml = d.writeBuffer(report);
            try (Report r = report[0]) {
                expect(r.errors() == 0 && xml.length > 0, "the delivery writes with the bad trajectory left out");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java BulkTest GOLDEN_XML SCRATCH_DIR");
            System.exit(2);
        }
        // The Thai locale's calendar is Buddhist: 2024 is 2567 there.
        Locale.setDefault(Locale.forLanguageTag("th-TH-u-ca-buddhist"));
        byte[] golden = Files.readAllBytes(Paths.get(args[0]));
        Path dir = Paths.get(args[1]);
        Path streamed = dir.resolve("bulk-streamed-from-java.xml");
        Path typed = dir.resolve("bulk-typed-from-java.xml");
        streamed(streamed.toString());
        expect(Arrays.equals(Files.readAllBytes(streamed), golden), "streamed file equals the golden file");
        typed(typed.toString());
        expect(Arrays.equals(Files.readAllBytes(typed), golden), "typed delivery file equals the golden file");
        collected(dir);
        leftOut(dir);
        if (failures != 0) {
            System.err.println(failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("java bulk test: all checks passed");
    }
}
