// Test.java - builds THE reference delivery (bindings/reference/README.md) through the Java
// wrapper, one call per record, and checks that the file is byte-identical to
// bindings/reference/reference.xml (buffer, file and stream); checks the report (item 17
// dropped with a warning), the report walk and exports, refused records, the calendar
// functions and a non-ASCII round trip.
//
// usage: java -cp jna.jar:classes -Djna.library.path=DIR Test GOLDEN_XML SCRATCH_DIR

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Arrays;
import nl.spiegelinformatie.Delivery;
import nl.spiegelinformatie.Diagnostic;
import nl.spiegelinformatie.Report;
import nl.spiegelinformatie.ResultCode;
import nl.spiegelinformatie.Severity;
import nl.spiegelinformatie.Spiegel;
import nl.spiegelinformatie.SpiegelException;
import nl.spiegelinformatie.SpiegelLibrary;

public final class Test {
    private static final String CQI = "CQi-GGZ-VZ-AKWA";
    // Written as it is: the test checks below that javac read this file as UTF-8.
    private static final String GROEP_ZUID = "Locatie Zuid & \"Noord\" — Grüße 日本";
    private static final String GROEP_ZUID_HEX =
            "4C 6F 63 61 74 69 65 20 5A 75 69 64 20 26 20 22 4E 6F 6F 72 64 22 20 E2 80 94 20 47 72 C3 BC C3 9F 65 20 E6 97 A5 E6 9C AC";

    private static int failures;

    private static void expect(boolean condition, String what) {
        if (!condition) {
            System.err.println("FAILED: " + what);
            failures++;
        }
    }

    private static void expectSame(String how, byte[] got, byte[] golden) {
        expect(Arrays.equals(got, golden),
                how + ": XML differs from the golden file (" + got.length + " vs " + golden.length + " bytes)");
    }

    static Delivery buildReference() {
        Delivery d = new Delivery();
        d.setQuarter("2024-Q1");
        d.setDatumCreatie("2024-04-03T10:15:00");

        int a = d.addZorgaanbieder("12345678");

        // REF-CLOSED: closed in the quarter, every child kind, item 17 to be dropped.
        int t = d.addZorgtraject(a, "REF-CLOSED", "2023-06-01", "2024-02-15", GROEP_ZUID);
        d.addPrimair(t, "D5_5.03", "2023-06-20");
        d.addPrimair(t, "D5_4.02.02.02", "2024-01-10");
        d.addNeven(t, "D5_6.01");
        d.addZorgvraagtypering(t, "3", "3", "2023-06-20");
        d.addZorgvraagtypering(t, "11", null, "2024-01-10");
        d.addPrestatie(t, "CO0001", "2023-06-01");
        d.addPrestatie(t, "CO0002", "2024-02-01");
        int m = d.addMeting(t, CQI, "2024-02-10");
        d.addItem(m, "1", "4");
        d.addItem(m, "2", "3");
        d.addItem(m, "17", "2");

        // REF-OPEN: open.
        t = d.addZorgtraject(a, "REF-OPEN", "2023-11-02", null, "Locatie A");
        d.addPrimair(t, "D5_7.01", "2023-11-20");
        d.addZorgvraagtypering(t, null, "5", "2023-11-20");
        d.addPrestatie(t, "CO0001", "2024-03-05");

        // REF-ENDS-AFTER: delivered as open, its prestatie after the quarter kept.
        t = d.addZorgtraject(a, "REF-ENDS-AFTER", "2024-03-31", "2024-05-10", null);
        d.addPrestatie(t, "CO0001", "2024-04-15");

        // REF-EXCLUDED: ended before the quarter.
        t = d.addZorgtraject(a, "REF-EXCLUDED", "2023-01-01", "2023-12-31", "Locatie A");
        d.addPrestatie(t, "CO0001", "2023-02-01");

        // Loose metingen: one in, one after the quarter.
        m = d.addLooseMeting(a, CQI, "2024-03-01");
        d.addItem(m, "1", "3");
        d.addItem(m, "16", "5");
        m = d.addLooseMeting(a, CQI, "2024-04-02");
        d.addItem(m, "1", "2");

        int b = d.addZorgaanbieder("87654321");
        t = d.addZorgtraject(b, "REF-B-1", "2024-01-01", "2024-01-01", null);
        d.addPrimair(t, "D5_2.01", "2024-01-01");
        m = d.addLooseMeting(b, CQI, "2024-01-15");
        d.addItem(m, "5", "1");
        return d;
    }

    private static void checkReport(Report r) {
        expect(r.errors() == 0, "no errors in the reference report");
        // Partial code lists may add warnings; the one that matters is item 17.
        expect(r.warnings() >= 1, "at least one warning");
        int found = 0;
        int walked = 0;
        for (Diagnostic diagnostic : r) {
            walked++;
            expect(!diagnostic.rule.isEmpty() && !diagnostic.message.isEmpty(),
                    "every diagnostic has a rule and a message");
            if (!diagnostic.rule.equals("item-not-allowed")) {
                continue;
            }
            found++;
            expect(diagnostic.severity == Severity.WARNING, "item 17 is a warning");
            expect(diagnostic.value.equals("17"), "item 17: value 17, got '" + diagnostic.value + "'");
            expect(diagnostic.vendorKey.equals("REF-CLOSED"), "item 17: vendor key REF-CLOSED");
            expect(diagnostic.path.contains("REF-CLOSED"), "item 17: path names REF-CLOSED");
        }
        expect(found == 1, "exactly one item-not-allowed diagnostic, got " + found);
        expect(walked == r.size(), "the walk visits every diagnostic");

        expect(r.toCsv().startsWith("severity,") && r.toCsv().contains("item-not-allowed"),
                "CSV export lists item-not-allowed");
        expect(r.toJson().contains("item-not-allowed"), "JSON export lists item-not-allowed");
        expect(!r.summary(true).isEmpty(), "summary");
        try {
            Diagnostic beyond = r.get(r.size());
            expect(false, "index past the end gives " + beyond);
        } catch (SpiegelException e) {
            expect(e.getCode() == ResultCode.NOT_FOUND, "index past the end: NOT_FOUND");
        }
    }

    private static void expectInvalid(Runnable call, String attribute, String value, String what) {
        try {
            call.run();
            expect(false, what + ": no exception");
        } catch (SpiegelException e) {
            expect(e.getCode() == ResultCode.INVALID_VALUE,
                    what + ": code " + e.getCode() + ", expected INVALID_VALUE");
            expect(e.getMessage().contains(attribute) && e.getMessage().contains(value),
                    what + ": message '" + e.getMessage() + "' names " + attribute + " and " + value);
        }
    }

    private static void wrongRecords(Path dir) throws Exception {
        try (Delivery d = new Delivery()) {
            expectInvalid(() -> d.addZorgaanbieder("1234"), "zorgaanbieder_code", "'1234'", "AGB code 1234");
            int za = d.addZorgaanbieder("12345678");
            expectInvalid(() -> d.addZorgtraject(za, "EPD-BAD", "2024-02-01", "2024-01-31", null), "einddatum",
                    "2024-01-31", "einddatum before begindatum");
            // Non-ASCII round trip out of the library: a vendor key comes back in the report.
            expectInvalid(() -> d.addZorgtraject(za, GROEP_ZUID, "2023-02-29", null, null), "begindatum",
                    "2023-02-29", "no such day");

            d.setQuarter(2024, 1);
            Path path = dir.resolve("blocked-java.xml");
            try {
                d.writeFile(path.toString()).close();
                expect(false, "a delivery with refused records is written");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.DELIVERY_HAS_ERRORS, "blocked: DELIVERY_HAS_ERRORS, got " + e.getCode());
                expect(e.getDiagnostics().stream().filter(x -> x.severity == Severity.ERROR).count() == 3,
                        "blocked: 3 errors");
                Diagnostic first = e.getDiagnostics().get(0);
                expect(first.attribute.equals("zorgaanbieder_code") && first.value.equals("1234"),
                        "blocked: first is the AGB code");
                Diagnostic second = e.getDiagnostics().get(1);
                expect(second.rule.equals("einddatum-before-begindatum") && second.vendorKey.equals("EPD-BAD"),
                        "blocked: second is the order of dates");
                expect(e.getDiagnostics().get(2).vendorKey.equals(GROEP_ZUID),
                        "non-ASCII vendor key round trip, got '" + e.getDiagnostics().get(2).vendorKey + "'");
            }
            expect(!Files.exists(path), "nothing written for a blocked delivery");

            try (Report r = d.validate()) {
                expect(r.errors() == 3, "validate lists the 3 errors");
                Path csvPath = dir.resolve("blocked-java.csv");
                r.writeCsv(csvPath.toString());
                String csv = new String(Files.readAllBytes(csvPath), StandardCharsets.UTF_8);
                expect(csv.contains("einddatum-before-begindatum") && csv.contains("— Grüße 日本"),
                        "CSV file has the rule and the non-ASCII key");
                Path jsonPath = dir.resolve("blocked-java.json");
                r.writeJson(jsonPath.toString());
                expect(new String(Files.readAllBytes(jsonPath), StandardCharsets.UTF_8).contains("zorgaanbieder_code"),
                        "JSON file");
            }
        }

        try (Delivery d = new Delivery()) {
            try {
                d.setQuarter("2024-Q5");
                expect(false, "quarter 5 accepted");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.INVALID_QUARTER && !e.getMessage().isEmpty(),
                        "2024-Q5: INVALID_QUARTER with a message");
            }
            try {
                d.writeBuffer();
                expect(false, "writing without a quarter");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.WRONG_STATE, "no quarter: WRONG_STATE");
            }
        }
    }

    private static void library() {
        expect(Spiegel.abiVersion() == SpiegelLibrary.ABI_VERSION, "ABI version");
        expect(Spiegel.version().contains("."), "version '" + Spiegel.version() + "'");
        expect(!Spiegel.resultText(ResultCode.INVALID_VALUE).isEmpty(), "result text");
        int[] due = Spiegel.dueQuarter(LocalDate.of(2025, 1, 15));
        expect(due[0] == 2024 && due[1] == 4, "due on 2025-01-15: 2024-Q4");
        LocalDate[] period = Spiegel.quarterPeriod(2024, 1);
        expect(period[0].equals(LocalDate.of(2024, 1, 1)) && period[1].equals(LocalDate.of(2024, 3, 31)),
                "period of 2024-Q1");
        try {
            Spiegel.quarterPeriod(2024, 5);
            expect(false, "quarter 5 has a period");
        } catch (SpiegelException e) {
            expect(e.getCode() == ResultCode.INVALID_QUARTER && !e.getMessage().isEmpty(),
                    "quarter 5: INVALID_QUARTER, message from spiegel_last_error");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Test GOLDEN_XML SCRATCH_DIR");
            System.exit(2);
        }
        byte[] golden = Files.readAllBytes(Paths.get(args[0]));
        Path dir = Paths.get(args[1]);
        StringBuilder hex = new StringBuilder();
        for (byte x : GROEP_ZUID.getBytes(StandardCharsets.UTF_8)) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
        }
        expect(hex.toString().equals(GROEP_ZUID_HEX), "the source was compiled as UTF-8 (groep_code bytes " + hex + ")");

        library();

        try (Delivery d = buildReference()) {
            // 1. To a buffer.
            Report[] report = new Report[1];
            byte[] buffer = d.writeBuffer(report);
            expectSame("buffer", buffer, golden);
            try (Report r = report[0]) {
                checkReport(r);
            }

            // 2. To a file.
            Path path = dir.resolve("reference-from-java.xml");
            d.writeFile(path.toString()).close();
            expectSame("file", Files.readAllBytes(path), golden);

            // 3. To a stream (the write callback).
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            d.writeTo(stream).close();
            expectSame("stream", stream.toByteArray(), golden);

            // Validation alone gives the same report.
            try (Report r = d.validate()) {
                checkReport(r);
            }

            // The non-ASCII groep_code round trip: out of the file, back to the same string.
            String xml = new String(buffer, StandardCharsets.UTF_8);
            expect(xml.contains("Locatie Zuid &amp; &quot;Noord&quot; — Grüße 日本"), "groep_code in the XML");
        }

        wrongRecords(dir);

        if (failures != 0) {
            System.err.println(failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("java test: all checks passed");
    }
}
