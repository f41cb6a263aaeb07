// Test.java - builds THE reference delivery (bindings/reference/README.md) through the Java
// wrapper, one call per record, and checks that the file is byte-identical to
// bindings/reference/reference.xml (buffer, file and stream); checks the report (item 17
// dropped with a warning), the report walk and exports, refused records, the calendar
// functions and a non-ASCII round trip. Then the same delivery pushed record by record
// through a StreamingDelivery (to a path and to an OutputStream), a refused record in a
// stream that is caught and gone past, validateFile on good and broken files, previews of the
// delivery and of its file, code lists and organisation structures from text, JSON Lines and
// scheduleMissing.
//
// usage: java -cp jna.jar:classes -Djna.library.path=DIR Test GOLDEN_XML SCRATCH_DIR

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import nl.spiegelinformatie.Delivery;
import nl.spiegelinformatie.Diagnostic;
import nl.spiegelinformatie.Language;
import nl.spiegelinformatie.PreviewFormat;
import nl.spiegelinformatie.Report;
import nl.spiegelinformatie.ResultCode;
import nl.spiegelinformatie.Severity;
import nl.spiegelinformatie.Spiegel;
import nl.spiegelinformatie.SpiegelException;
import nl.spiegelinformatie.SpiegelLibrary;
import nl.spiegelinformatie.StreamingDelivery;

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
        long warnings = 0;
        for (int i = 0; i < r.size(); i++) {
            long n = r.occurrences(i);
            expect(n >= 1, "every entry occurred at least once");
            List<String> places = r.locations(i);
            expect(!places.isEmpty() && places.size() <= 5 && places.get(0).equals(r.get(i).path),
                    "an entry's first place is its path, at most 5 places");
            if (r.get(i).severity == Severity.WARNING) {
                warnings += n;
            }
        }
        expect(warnings == r.warnings(), "the entries' occurrences add up to the warning count");
        expect(r.notListed() == 0, "nothing past the entry limit");

        expect(r.toCsv().startsWith("severity,") && r.toCsv().contains("item-not-allowed"),
                "CSV export lists item-not-allowed");
        expect(r.toJson().contains("item-not-allowed"), "JSON export lists item-not-allowed");
        expect(!r.summary(true).isEmpty(), "summary");
        try {
            Diagnostic beyond = r.get(r.size());
            expect(false, "index past the end gives " + beyond);
        } catch (IndexOutOfBoundsException e) {
            expect(e.getMessage().contains("index"), "index past the end: IndexOutOfBoundsException");
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

    // ---- The functions beyond the delivery handle ----

    static void pushReference(StreamingDelivery s) {
        s.startZorgaanbieder("12345678");
        s.beginZorgtraject("REF-CLOSED", "2023-06-01", "2024-02-15", GROEP_ZUID);
        s.addPrimair("D5_5.03", "2023-06-20");
        s.addPrimair("D5_4.02.02.02", "2024-01-10");
        s.addNeven("D5_6.01");
        s.addZorgvraagtypering("3", "3", "2023-06-20");
        s.addZorgvraagtypering("11", null, "2024-01-10");
        s.addPrestatie("CO0001", "2023-06-01");
        s.addPrestatie("CO0002", "2024-02-01");
        s.addMeting(CQI, "2024-02-10");
        s.addItem("1", "4");
        s.addItem("2", "3");
        s.addItem("17", "2");
        s.endZorgtraject();

        s.beginZorgtraject("REF-OPEN", "2023-11-02", null, "Locatie A");
        s.addPrimair("D5_7.01", "2023-11-20");
        s.addZorgvraagtypering(null, "5", "2023-11-20");
        s.addPrestatie("CO0001", "2024-03-05");
        s.endZorgtraject();

        s.beginZorgtraject("REF-ENDS-AFTER", "2024-03-31", "2024-05-10", null);
        s.addPrestatie("CO0001", "2024-04-15");
        s.endZorgtraject();

        s.beginZorgtraject("REF-EXCLUDED", "2023-01-01", "2023-12-31", "Locatie A");
        s.addPrestatie("CO0001", "2023-02-01");
        s.endZorgtraject();

        s.addLooseMeting(CQI, "2024-03-01");
        s.addItem("1", "3");
        s.addItem("16", "5");
        s.addLooseMeting(CQI, "2024-04-02");
        s.addItem("1", "2");

        s.startZorgaanbieder("87654321");
        s.beginZorgtraject("REF-B-1", "2024-01-01", "2024-01-01", null);
        s.addPrimair("D5_2.01", "2024-01-01");
        s.endZorgtraject();
        s.addLooseMeting(CQI, "2024-01-15");
        s.addItem("5", "1");
    }

    interface Call {
        void run() throws Exception;
    }

    private static void expectCode(int code, Call call, String what) throws Exception {
        try {
            call.run();
            expect(false, what + ": no exception");
        } catch (SpiegelException e) {
            expect(e.getCode() == code,
                    what + ": code " + e.getCode() + ", expected " + code + " (" + e.getMessage() + ")");
        }
    }

    /** Dutch from the delivery, its reports, a report switched back, and a stream. */
    private static void languages() throws Exception {
        try (Delivery d = new Delivery()) {
            d.setLanguage(Language.DUTCH);
            int a = d.addZorgaanbieder("12345678");
            try {
                d.addZorgtraject(a, "NL-1", "2024-02-30", null, null);
                expect(false, "a refused date throws");
            } catch (SpiegelException e) {
                expect(e.getMessage().contains("is geen bestaande datum"), "Dutch refusal: " + e.getMessage());
                expect(d.lastError().equals(e.getMessage()), "lastError in Dutch: " + d.lastError());
            }
            d.setQuarter("2024-Q1");
            try (Report r = d.validate()) {
                expect(r.get(0).rule.equals("date"), "the rule id stays: " + r.get(0).rule);
                expect(r.get(0).message.contains("is geen bestaande datum"), "Dutch report message: " + r.get(0).message);
                r.setLanguage(Language.ENGLISH);
                expect(r.get(0).message.contains("is not a real date"), "report back in English: " + r.get(0).message);
            }
        }
        try (StreamingDelivery s = StreamingDelivery.toStream(new ByteArrayOutputStream(), "2024-Q1",
                "2024-04-03T10:15:00")) {
            s.setLanguage(Language.DUTCH);
            try {
                s.startZorgaanbieder("1234");
                expect(false, "a refused AGB code throws");
            } catch (SpiegelException e) {
                expect(e.getMessage().contains("is geen AGB-code"), "Dutch stream refusal: " + e.getMessage());
            }
        }
    }

    private static boolean hasError(List<Diagnostic> diagnostics, String rule) {
        return diagnostics.stream().anyMatch(x -> x.severity == Severity.ERROR && x.rule.equals(rule));
    }

    /** An OutputStream that refuses every write. */
    private static final class FullStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("full");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("full");
        }
    }

    /** Returns the path of the streamed file. */
    private static Path streaming(byte[] golden, Path dir) throws Exception {
        // To a path: nothing there until finish.
        Path path = dir.resolve("streamed-from-java.xml");
        try (StreamingDelivery s = StreamingDelivery.toFile(path.toString(), "2024-Q1", "2024-04-03T10:15:00")) {
            pushReference(s);
            expect(!Files.exists(path), "stream: no file before finish");
            expect(s.countErrors() == 0, "stream: no errors");
            try (Report r = s.finish()) {
                checkReport(r);
            }
            expect(s.lastError().isEmpty(), "stream: no last error after finish");
            expectCode(ResultCode.WRONG_STATE, s::endZorgtraject, "stream: a call after finish");
        }
        expectSame("stream to a path", Files.readAllBytes(path), golden);

        // To an OutputStream.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (StreamingDelivery s = StreamingDelivery.toStream(output, "2024-Q1", "2024-04-03T10:15:00")) {
            pushReference(s);
            s.finish().close();
        }
        expectSame("stream to an OutputStream", output.toByteArray(), golden);

        // A refused trajectory throws, the stream goes on, finish reports it and writes nothing.
        Path blocked = dir.resolve("blocked-stream-java.xml");
        try (StreamingDelivery s = StreamingDelivery.toFile(blocked.toString(), "2024-Q1")) {
            s.startZorgaanbieder("12345678");
            expectInvalid(() -> s.beginZorgtraject("EPD-BAD", "2024-02-30", null, null), "begindatum", "2024-02-30",
                    "stream: no such day");
            expectCode(ResultCode.INVALID_VALUE, () -> s.addPrestatie("CO0001", "2024-02-01"),
                    "stream: child of a refused trajectory");
            s.endZorgtraject();
            s.beginZorgtraject("EPD-GOOD", "2024-01-05", null, "Locatie A");
            s.addPrimair("D5_5.03", "2024-01-05");
            s.addPrestatie("CO0001", "2024-01-05");
            s.endZorgtraject();
            expect(s.countErrors() == 1, "stream: one error counted, got " + s.countErrors());
            try {
                s.finish().close();
                expect(false, "stream: a refused record still gives a file");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.DELIVERY_HAS_ERRORS,
                        "stream: finish DELIVERY_HAS_ERRORS, got " + e.getCode());
                List<Diagnostic> errors = e.getDiagnostics().stream().filter(x -> x.severity == Severity.ERROR)
                        .collect(Collectors.toList());
                expect(errors.size() == 1 && errors.get(0).vendorKey.equals("EPD-BAD")
                        && errors.get(0).value.equals("2024-02-30"), "stream: the report names the refused trajectory");
            }
        }
        expect(!Files.exists(blocked), "stream: nothing written when a record was refused");

        // Close without finish discards.
        try (StreamingDelivery s = StreamingDelivery.toFile(blocked.toString(), "2024-Q1")) {
            s.startZorgaanbieder("12345678");
        }
        expect(!Files.exists(blocked), "stream: nothing written without finish");

        // Out of order and bad arguments.
        try (StreamingDelivery s = StreamingDelivery.toFile(blocked.toString(), "2024-Q1")) {
            expectCode(ResultCode.WRONG_STATE, () -> s.beginZorgtraject("X", "2024-01-01", null, null),
                    "stream: trajectory before a provider");
            expect(!s.lastError().isEmpty(), "stream: last error after WRONG_STATE");
            s.startZorgaanbieder("12345678");
            expectCode(ResultCode.WRONG_STATE, () -> s.loadOrganisatieText("Locatie A\n"),
                    "stream: settings after the first provider");
        }
        expectCode(ResultCode.INVALID_QUARTER, () -> StreamingDelivery.toFile(blocked.toString(), "2024-Q5").close(),
                "stream: quarter 5");
        expectCode(ResultCode.IO, () -> StreamingDelivery.toFile("/nonexistent-spiegel/x.xml", "2024-Q1").close(),
                "stream: no such directory");

        // An OutputStream that throws: UncheckedIOException with its IOException as the cause.
        try (StreamingDelivery s = StreamingDelivery.toStream(new FullStream(), "2024-Q1", "2024-04-03T10:15:00")) {
            try {
                pushReference(s);
                s.finish().close();
                expect(false, "stream: a failing OutputStream goes unnoticed");
            } catch (UncheckedIOException e) {
                expect(e.getCause().getMessage().equals("full"), "stream: the OutputStream's exception is the cause");
            }
        }
        return path;
    }

    private static void files(Path streamed, Path dir) throws Exception {
        // The streamed file is valid.
        try (Report r = Spiegel.validateFile(streamed.toString())) {
            expect(r.errors() == 0, "validateFile: no errors in the reference file, got " + r.errors());
        }

        // A broken copy: one prestatie code not of the form.
        Path broken = dir.resolve("broken-java.xml");
        String xml = new String(Files.readAllBytes(streamed), StandardCharsets.UTF_8);
        expect(xml.contains("prestatie_code=\"CO0002\""), "the reference file has CO0002");
        Files.write(broken, xml.replace("prestatie_code=\"CO0002\"", "prestatie_code=\"C0115\"")
                .getBytes(StandardCharsets.UTF_8));
        try (Report r = Spiegel.validateFile(broken.toString())) {
            expect(r.errors() >= 1 && hasError(r, "prestatie-code-format"),
                    "validateFile: C0115 is a prestatie-code-format error");
        }

        // An organisation structure without ZUID, from a file.
        Path org = dir.resolve("org-java.txt");
        Files.write(org, "groep_code\nLocatie A\n".getBytes(StandardCharsets.UTF_8));
        try (Report r = Spiegel.validateFile(streamed.toString(), null, null, org.toString())) {
            expect(hasError(r, "groep-code-unknown"), "validateFile with an organisatie: groep-code-unknown");
        }
        expectCode(ResultCode.IO, () -> Spiegel.validateFile("/nonexistent-spiegel/x.xml").close(),
                "validateFile: no such file");

        // Previews: of the delivery, and of the file it makes.
        try (Delivery d = buildReference()) {
            String json = d.preview(PreviewFormat.JSON);
            expect(json.contains("\"kwartaal\": \"2024-Q1\""), "preview JSON names the quarter");
            String text = d.preview(PreviewFormat.TEXT);
            expect(!text.isEmpty() && text.equals(Spiegel.previewXmlFile(streamed.toString(), null, PreviewFormat.TEXT,
                    false)), "preview of the file equals that of the delivery (text)");
            expect(d.preview(PreviewFormat.TEXT, true).length() > text.length(), "details make the preview longer");
            expect(d.preview(PreviewFormat.CSV).startsWith("kwartaal,groep_code,"), "preview CSV header");
            Path html = dir.resolve("preview-java.html");
            d.previewToFile(PreviewFormat.HTML, false, html.toString());
            expect(new String(Files.readAllBytes(html), StandardCharsets.UTF_8).startsWith("<!DOCTYPE html>"),
                    "preview HTML file");
            expectCode(ResultCode.INVALID_VALUE, () -> d.preview(42), "preview format 42");
        }
        expectCode(ResultCode.INVALID_INPUT, () -> Spiegel.previewXmlFile(org.toString(), null, PreviewFormat.TEXT, false),
                "preview of a file that is not XML");

        // A complete prestatie list without the reference's codes: unknown codes block the file.
        String onlyCo0099 = "# list: prestatie\n# source: test\n# version: 1\n# completeness: complete\ncode\nCO0099\n";
        try (Delivery d = buildReference()) {
            d.loadCodeListText(onlyCo0099);
            try {
                d.writeBuffer();
                expect(false, "unknown prestatie codes still give a file");
            } catch (SpiegelException e) {
                expect(e.getCode() == ResultCode.DELIVERY_HAS_ERRORS && hasError(e.getDiagnostics(), "prestatie-code-unknown"),
                        "complete list: DELIVERY_HAS_ERRORS with prestatie-code-unknown, got " + e.getCode());
            }
            expectCode(ResultCode.INVALID_CODELIST, () -> d.loadCodeListText("code\nCO0001\n"), "a list without its header");
            expectCode(ResultCode.IO, () -> d.loadCodeLists("/nonexistent-spiegel/lists"), "no such code list directory");
        }
        Path listFile = dir.resolve("prestatie-java.csv");
        Files.write(listFile, onlyCo0099.getBytes(StandardCharsets.UTF_8));
        try (Delivery d = buildReference()) {
            d.loadCodeLists(listFile.toString());
            try (Report r = d.validate()) {
                expect(hasError(r, "prestatie-code-unknown"), "code list from a file");
            }
        }

        // Organisation structures from text: one without ZUID blocks, one with both does not.
        try (Delivery d = buildReference()) {
            d.loadOrganisatieText("groep_code\nLocatie A\n");
            try (Report r = d.validate()) {
                expect(hasError(r, "groep-code-unknown"), "organisatie text without ZUID: groep-code-unknown");
            }
            d.loadOrganisatieText("Locatie A\n\"" + GROEP_ZUID.replace("\"", "\"\"") + "\"\n");
            try (Report r = d.validate()) {
                expect(r.errors() == 0, "organisatie text with both groep_codes: no errors, got " + r.errors());
            }
            d.loadOrganisatie(org.toString());
            try (Report r = d.validate()) {
                expect(hasError(r, "groep-code-unknown"), "organisatie file without ZUID");
            }
        }

        // Privacy: a BSN in groep_code is an error that reaches the caller with the value masked.
        try (Delivery d = new Delivery()) {
            int za = d.addZorgaanbieder("12345678");
            d.addZorgtraject(za, "P1", "2024-01-02", null, "111 222 333");
            d.setQuarter("2024-Q1");
            try (Report r = d.validate()) {
                Diagnostic bsn = r.toList().stream().filter(x -> x.rule.equals("privacy-bsn")).findFirst().orElse(null);
                expect(bsn != null && bsn.severity == Severity.ERROR, "privacy: a BSN in groep_code is a privacy-bsn error");
                expect(bsn != null && "111 *** ***".equals(bsn.value) && !bsn.message.contains("222"),
                        "privacy: the value is masked, got " + (bsn == null ? "none" : bsn.value));
            }
        }

        // JSON Lines.
        try (Delivery d = new Delivery()) {
            d.loadJsonLines("{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"id\": \"L1\", \"begindatum\": \"2024-01-02\"}}\n");
            d.setQuarter("2024-Q1");
            String written = new String(d.writeBuffer(), StandardCharsets.UTF_8);
            expect(written.contains("<Zorgtraject begindatum=\"2024-01-02\"/>"), "JSON Lines record in the file");
            expectCode(ResultCode.INVALID_INPUT, () -> d.loadJsonLines("not json\n"), "JSON Lines that is not JSON");
        }

        // scheduleMissing: a directory holding only the file of 2024-Q1.
        Path schedule = dir.resolve("schedule-java");
        Files.createDirectories(schedule);
        Files.copy(streamed, schedule.resolve("spiegel-2024-Q1.xml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> missing = Spiegel.scheduleMissing(2024, 1, schedule.toString(), 2024, 10, 1);
        expect(String.join(",", missing).equals("2024-Q2,2024-Q3"),
                "missing on 2024-10-01: 2024-Q2,2024-Q3, got " + missing);
        expect(Spiegel.scheduleMissing(2024, 1, schedule.toString(), LocalDate.of(2024, 4, 1)).isEmpty(),
                "nothing missing on 2024-04-01");
        expectCode(ResultCode.INVALID_QUARTER, () -> Spiegel.scheduleMissing(2024, 5, schedule.toString(), 2024, 4, 1),
                "scheduleMissing from quarter 5");
        expectCode(ResultCode.IO, () -> Spiegel.scheduleMissing(2024, 1, "/nonexistent-spiegel", 2024, 4, 1),
                "scheduleMissing: no such directory");
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
        languages();
        Path streamed = streaming(golden, dir);
        files(streamed, dir);

        if (failures != 0) {
            System.err.println(failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("java test: all checks passed");
    }
}
