// Test.cs - builds THE reference delivery (bindings/reference/README.md) through the C#
// wrapper, one call per record, and checks that the file is byte-identical to
// bindings/reference/reference.xml (buffer, file and stream); checks the report (item 17
// dropped with a warning), the report walk and exports, refused records, the calendar
// functions and a non-ASCII round trip. Then the same delivery pushed record by record
// through a StreamingDelivery (to a path and to a Stream), a refused record in a stream that
// is caught and gone past, ValidateFile on good and broken files, previews of the delivery
// and of its file, code lists and organisation structures from text, JSON Lines and
// ScheduleMissing.
//
// usage: mono Test.exe GOLDEN_XML SCRATCH_DIR
using System;
using System.IO;
using System.Linq;
using System.Text;
using Spiegelinformatie;

internal static class Test
{
    private const string Cqi = "CQi-GGZ-VZ-AKWA";
    // Written as it is: the test checks below that the compiler read this file as UTF-8.
    private const string GroepZuid = "Locatie Zuid & \"Noord\" — Grüße 日本";
    private const string GroepZuidHex =
        "4C 6F 63 61 74 69 65 20 5A 75 69 64 20 26 20 22 4E 6F 6F 72 64 22 20 E2 80 94 20 47 72 C3 BC C3 9F 65 20 E6 97 A5 E6 9C AC";

    private static int failures;

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            Console.Error.WriteLine("FAILED: " + what);
            failures++;
        }
    }

    private static void ExpectSame(string how, byte[] got, byte[] golden)
    {
        Expect(got.SequenceEqual(golden), how + ": XML differs from the golden file (" + got.Length + " vs " + golden.Length + " bytes)");
    }

    private static Delivery BuildReference()
    {
        var d = new Delivery();
        d.SetQuarter("2024-Q1");
        d.SetDatumCreatie("2024-04-03T10:15:00");

        uint a = d.AddZorgaanbieder("12345678");

        // REF-CLOSED: closed in the quarter, every child kind, item 17 to be dropped.
        uint t = d.AddZorgtraject(a, "REF-CLOSED", "2023-06-01", "2024-02-15", GroepZuid);
        d.AddPrimair(t, "D5_5.03", "2023-06-20");
        d.AddPrimair(t, "D5_4.02.02.02", "2024-01-10");
        d.AddNeven(t, "D5_6.01");
        d.AddZorgvraagtypering(t, "3", "3", "2023-06-20");
        d.AddZorgvraagtypering(t, "11", null, "2024-01-10");
        d.AddPrestatie(t, "CO0001", "2023-06-01");
        d.AddPrestatie(t, "CO0002", "2024-02-01");
        uint m = d.AddMeting(t, Cqi, "2024-02-10");
        d.AddItem(m, "1", "4");
        d.AddItem(m, "2", "3");
        d.AddItem(m, "17", "2");

        // REF-OPEN: open.
        t = d.AddZorgtraject(a, "REF-OPEN", "2023-11-02", null, "Locatie A");
        d.AddPrimair(t, "D5_7.01", "2023-11-20");
        d.AddZorgvraagtypering(t, null, "5", "2023-11-20");
        d.AddPrestatie(t, "CO0001", "2024-03-05");

        // REF-ENDS-AFTER: delivered as open, its prestatie after the quarter kept.
        t = d.AddZorgtraject(a, "REF-ENDS-AFTER", "2024-03-31", "2024-05-10", null);
        d.AddPrestatie(t, "CO0001", "2024-04-15");

        // REF-EXCLUDED: ended before the quarter.
        t = d.AddZorgtraject(a, "REF-EXCLUDED", "2023-01-01", "2023-12-31", "Locatie A");
        d.AddPrestatie(t, "CO0001", "2023-02-01");

        // Loose metingen: one in, one after the quarter.
        m = d.AddLooseMeting(a, Cqi, "2024-03-01");
        d.AddItem(m, "1", "3");
        d.AddItem(m, "16", "5");
        m = d.AddLooseMeting(a, Cqi, "2024-04-02");
        d.AddItem(m, "1", "2");

        uint b = d.AddZorgaanbieder("87654321");
        t = d.AddZorgtraject(b, "REF-B-1", "2024-01-01", "2024-01-01", null);
        d.AddPrimair(t, "D5_2.01", "2024-01-01");
        m = d.AddLooseMeting(b, Cqi, "2024-01-15");
        d.AddItem(m, "5", "1");
        return d;
    }

    private static void CheckReport(Report r)
    {
        Expect(r.Errors == 0, "no errors in the reference report");
        // Partial code lists may add warnings; the one that matters is item 17.
        Expect(r.Warnings >= 1, "at least one warning");
        int found = 0, walked = 0;
        long warnings = 0;
        foreach (var diagnostic in r)
        {
            walked++;
            if (diagnostic.Severity == Severity.Warning) warnings += diagnostic.Occurrences;
            Expect(diagnostic.Occurrences >= 1, "every entry occurred at least once");
            Expect(diagnostic.Locations.Count >= 1 && diagnostic.Locations.Count <= 5 && diagnostic.Locations[0] == diagnostic.Path,
                "an entry's first place is its path, at most 5 places");
            Expect(diagnostic.Rule.Length > 0 && diagnostic.Message.Length > 0, "every diagnostic has a rule and a message");
            if (diagnostic.Rule != "item-not-allowed") continue;
            found++;
            Expect(diagnostic.Severity == Severity.Warning, "item 17 is a warning");
            Expect(diagnostic.Value == "17", "item 17: value 17, got '" + diagnostic.Value + "'");
            Expect(diagnostic.VendorKey == "REF-CLOSED", "item 17: vendor key REF-CLOSED");
            Expect(diagnostic.Path.Contains("REF-CLOSED"), "item 17: path names REF-CLOSED");
        }
        Expect(found == 1, "exactly one item-not-allowed diagnostic, got " + found);
        Expect(warnings == r.Warnings, "the entries' occurrences add up to the warning count");
        Expect(r.NotListed == 0, "nothing past the entry limit");
        Expect(walked == r.Count, "the walk visits every diagnostic");

        string csv = r.ToCsv();
        Expect(csv.Split('\n')[0].Length > 0 && csv.Contains("item-not-allowed"), "CSV export lists item-not-allowed");
        Expect(r.ToJson().Contains("item-not-allowed"), "JSON export lists item-not-allowed");
        Expect(r.Summary(true).Length > 0, "summary");

        try
        {
            var beyond = r[r.Count];
            Expect(false, "index past the end throws, got " + beyond);
        }
        catch (ArgumentOutOfRangeException)
        {
        }
    }

    private static void ExpectInvalid(Action call, string attribute, string value, string what)
    {
        try
        {
            call();
            Expect(false, what + ": no exception");
        }
        catch (SpiegelException e)
        {
            Expect(e.Code == ResultCode.InvalidValue, what + ": code " + e.Code + ", expected INVALID_VALUE");
            Expect(e.Message.Contains(attribute) && e.Message.Contains(value),
                what + ": message '" + e.Message + "' names " + attribute + " and " + value);
        }
    }

    private static void WrongRecords(string dir)
    {
        using (var d = new Delivery())
        {
            ExpectInvalid(() => d.AddZorgaanbieder("1234"), "zorgaanbieder_code", "'1234'", "AGB code 1234");
            uint za = d.AddZorgaanbieder("12345678");
            ExpectInvalid(() => d.AddZorgtraject(za, "EPD-BAD", "2024-02-01", "2024-01-31"), "einddatum", "2024-01-31",
                "einddatum before begindatum");
            // Non-ASCII round trip out of the library: a vendor key comes back in the report.
            ExpectInvalid(() => d.AddZorgtraject(za, GroepZuid, "2023-02-29"), "begindatum", "2023-02-29", "no such day");

            d.SetQuarter(2024, 1);
            string path = Path.Combine(dir, "blocked-cs.xml");
            try
            {
                d.WriteFile(path).Dispose();
                Expect(false, "a delivery with refused records is written");
            }
            catch (SpiegelException e)
            {
                Expect(e.Code == ResultCode.DeliveryHasErrors, "blocked: DELIVERY_HAS_ERRORS, got " + e.Code);
                Expect(e.Diagnostics.Count(x => x.Severity == Severity.Error) == 3, "blocked: 3 errors");
                Expect(e.Diagnostics[0].Attribute == "zorgaanbieder_code" && e.Diagnostics[0].Value == "1234", "blocked: first is the AGB code");
                Expect(e.Diagnostics[1].Rule == "einddatum-before-begindatum" && e.Diagnostics[1].VendorKey == "EPD-BAD", "blocked: second is the order of dates");
                Expect(e.Diagnostics[2].VendorKey == GroepZuid, "non-ASCII vendor key round trip, got '" + e.Diagnostics[2].VendorKey + "'");
            }
            Expect(!File.Exists(path), "nothing written for a blocked delivery");

            using (var r = d.Validate())
            {
                Expect(r.Errors == 3, "validate lists the 3 errors");
                string csvPath = Path.Combine(dir, "blocked-cs.csv");
                r.WriteCsv(csvPath);
                string csv = File.ReadAllText(csvPath, Encoding.UTF8);
                Expect(csv.Contains("einddatum-before-begindatum") && csv.Contains("— Grüße 日本"), "CSV file has the rule and the non-ASCII key");
                string jsonPath = Path.Combine(dir, "blocked-cs.json");
                r.WriteJson(jsonPath);
                Expect(File.ReadAllText(jsonPath, Encoding.UTF8).Contains("zorgaanbieder_code"), "JSON file");
            }
        }

        using (var d = new Delivery())
        {
            try
            {
                d.SetQuarter("2024-Q5");
                Expect(false, "quarter 5 accepted");
            }
            catch (SpiegelException e)
            {
                Expect(e.Code == ResultCode.InvalidQuarter && e.Message.Length > 0, "2024-Q5: INVALID_QUARTER with a message");
            }
            try
            {
                d.WriteBuffer();
                Expect(false, "writing without a quarter");
            }
            catch (SpiegelException e)
            {
                Expect(e.Code == ResultCode.WrongState, "no quarter: WRONG_STATE");
            }
        }
    }

    private static void Library()
    {
        Expect(Spiegel.IsAvailable && Spiegel.UnavailableReason == null, "available: " + Spiegel.UnavailableReason);
        Expect(Spiegel.AbiVersion == NativeMethods.AbiVersion, "ABI version");
        Expect(Spiegel.Version.Length > 0 && Spiegel.Version.Contains("."), "version '" + Spiegel.Version + "'");
        Expect(Spiegel.ResultText(ResultCode.InvalidValue).Length > 0, "result text");
        int year, quarter;
        Spiegel.DueQuarter(new DateTime(2025, 1, 15), out year, out quarter);
        Expect(year == 2024 && quarter == 4, "due on 2025-01-15: 2024-Q4");
        DateTime first, last;
        Spiegel.QuarterPeriod(2024, 1, out first, out last);
        Expect(first == new DateTime(2024, 1, 1) && last == new DateTime(2024, 3, 31), "period of 2024-Q1");
        try
        {
            Spiegel.QuarterPeriod(2024, 5, out first, out last);
            Expect(false, "quarter 5 has a period");
        }
        catch (SpiegelException e)
        {
            Expect(e.Code == ResultCode.InvalidQuarter && e.Message.Length > 0, "quarter 5: INVALID_QUARTER, message from spiegel_last_error");
        }
    }

    // ---- The functions beyond the delivery handle ----

    private static void PushReference(StreamingDelivery s)
    {
        s.StartZorgaanbieder("12345678");
        s.BeginZorgtraject("REF-CLOSED", "2023-06-01", "2024-02-15", GroepZuid);
        s.AddPrimair("D5_5.03", "2023-06-20");
        s.AddPrimair("D5_4.02.02.02", "2024-01-10");
        s.AddNeven("D5_6.01");
        s.AddZorgvraagtypering("3", "3", "2023-06-20");
        s.AddZorgvraagtypering("11", null, "2024-01-10");
        s.AddPrestatie("CO0001", "2023-06-01");
        s.AddPrestatie("CO0002", "2024-02-01");
        s.AddMeting(Cqi, "2024-02-10");
        s.AddItem("1", "4");
        s.AddItem("2", "3");
        s.AddItem("17", "2");
        s.EndZorgtraject();

        s.BeginZorgtraject("REF-OPEN", "2023-11-02", null, "Locatie A");
        s.AddPrimair("D5_7.01", "2023-11-20");
        s.AddZorgvraagtypering(null, "5", "2023-11-20");
        s.AddPrestatie("CO0001", "2024-03-05");
        s.EndZorgtraject();

        s.BeginZorgtraject("REF-ENDS-AFTER", "2024-03-31", "2024-05-10");
        s.AddPrestatie("CO0001", "2024-04-15");
        s.EndZorgtraject();

        s.BeginZorgtraject("REF-EXCLUDED", "2023-01-01", "2023-12-31", "Locatie A");
        s.AddPrestatie("CO0001", "2023-02-01");
        s.EndZorgtraject();

        s.AddLooseMeting(Cqi, "2024-03-01");
        s.AddItem("1", "3");
        s.AddItem("16", "5");
        s.AddLooseMeting(Cqi, "2024-04-02");
        s.AddItem("1", "2");

        s.StartZorgaanbieder("87654321");
        s.BeginZorgtraject("REF-B-1", "2024-01-01", "2024-01-01");
        s.AddPrimair("D5_2.01", "2024-01-01");
        s.EndZorgtraject();
        s.AddLooseMeting(Cqi, "2024-01-15");
        s.AddItem("5", "1");
    }

    private static void ExpectCode(uint code, Action call, string what)
    {
        try
        {
            call();
            Expect(false, what + ": no exception");
        }
        catch (SpiegelException e)
        {
            Expect(e.Code == code, what + ": code " + e.Code + ", expected " + code + " (" + e.Message + ")");
        }
    }

    private static bool HasRule(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics, string rule)
    {
        return diagnostics.Any(x => x.Severity == Severity.Error && x.Rule == rule);
    }

    /// <summary>Returns the path of the streamed file.</summary>
    private static string Streaming(byte[] golden, string dir)
    {
        // To a path: nothing there until Finish.
        string path = Path.Combine(dir, "streamed-from-csharp.xml");
        using (var s = StreamingDelivery.ToFile(path, "2024-Q1", "2024-04-03T10:15:00"))
        {
            PushReference(s);
            Expect(!File.Exists(path), "stream: no file before Finish");
            Expect(s.CountErrors() == 0, "stream: no errors");
            using (var report = s.Finish()) CheckReport(report);
            Expect(s.LastError == "", "stream: no last error after Finish");
            ExpectCode(ResultCode.WrongState, () => s.EndZorgtraject(), "stream: a call after Finish");
        }
        ExpectSame("stream to a path", File.ReadAllBytes(path), golden);

        // To a Stream.
        using (var output = new MemoryStream())
        {
            using (var s = StreamingDelivery.ToStream(output, "2024-Q1", "2024-04-03T10:15:00"))
            {
                PushReference(s);
                s.Finish().Dispose();
            }
            ExpectSame("stream to a Stream", output.ToArray(), golden);
        }

        // A refused trajectory throws, the stream goes on, Finish reports it and writes nothing.
        string blocked = Path.Combine(dir, "blocked-stream-cs.xml");
        using (var s = StreamingDelivery.ToFile(blocked, "2024-Q1"))
        {
            s.StartZorgaanbieder("12345678");
            ExpectInvalid(() => s.BeginZorgtraject("EPD-BAD", "2024-02-30"), "begindatum", "2024-02-30", "stream: no such day");
            ExpectCode(ResultCode.InvalidValue, () => s.AddPrestatie("CO0001", "2024-02-01"), "stream: child of a refused trajectory");
            s.EndZorgtraject();
            s.BeginZorgtraject("EPD-GOOD", "2024-01-05", null, "Locatie A");
            s.AddPrimair("D5_5.03", "2024-01-05");
            s.AddPrestatie("CO0001", "2024-01-05");
            s.EndZorgtraject();
            Expect(s.CountErrors() == 1, "stream: one error counted, got " + s.CountErrors());
            try
            {
                s.Finish().Dispose();
                Expect(false, "stream: a refused record still gives a file");
            }
            catch (SpiegelException e)
            {
                Expect(e.Code == ResultCode.DeliveryHasErrors, "stream: Finish DELIVERY_HAS_ERRORS, got " + e.Code);
                var errors = e.Diagnostics.Where(x => x.Severity == Severity.Error).ToList();
                Expect(errors.Count == 1 && errors[0].VendorKey == "EPD-BAD" && errors[0].Value == "2024-02-30",
                    "stream: the report names the refused trajectory");
            }
        }
        Expect(!File.Exists(blocked), "stream: nothing written when a record was refused");

        // Dispose without Finish discards.
        using (var s = StreamingDelivery.ToFile(blocked, "2024-Q1"))
        {
            s.StartZorgaanbieder("12345678");
        }
        Expect(!File.Exists(blocked), "stream: nothing written without Finish");

        // Out of order and bad arguments.
        using (var s = StreamingDelivery.ToFile(blocked, "2024-Q1"))
        {
            ExpectCode(ResultCode.WrongState, () => s.BeginZorgtraject("X", "2024-01-01"), "stream: trajectory before a provider");
            Expect(s.LastError.Length > 0, "stream: last error after WRONG_STATE");
            s.StartZorgaanbieder("12345678");
            ExpectCode(ResultCode.WrongState, () => s.LoadOrganisatieText("Locatie A\n"), "stream: settings after the first provider");
        }
        ExpectCode(ResultCode.InvalidQuarter, () => StreamingDelivery.ToFile(blocked, "2024-Q5").Dispose(), "stream: quarter 5");
        ExpectCode(ResultCode.Io, () => StreamingDelivery.ToFile("/nonexistent-spiegel/x.xml", "2024-Q1").Dispose(), "stream: no such directory");

        // A Stream that throws: IOException with the stream's exception inside.
        using (var s = StreamingDelivery.ToStream(new ThrowingStream(), "2024-Q1", "2024-04-03T10:15:00"))
        {
            try
            {
                PushReference(s);
                s.Finish().Dispose();
                Expect(false, "stream: a throwing Stream goes unnoticed");
            }
            catch (IOException e)
            {
                Expect(e.InnerException is NotSupportedException, "stream: IOException wraps the Stream's exception");
            }
        }
        return path;
    }

    /// <summary>A Stream that refuses every write.</summary>
    private sealed class ThrowingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("full");
        }
    }

    private static void Files(string streamed, string dir)
    {
        // The streamed file is valid.
        using (var r = Spiegel.ValidateFile(streamed))
        {
            Expect(r.Errors == 0, "ValidateFile: no errors in the reference file, got " + r.Errors);
        }

        // A broken copy: one prestatie code not of the form.
        string broken = Path.Combine(dir, "broken-cs.xml");
        string xml = File.ReadAllText(streamed, Encoding.UTF8);
        Expect(xml.Contains("prestatie_code=\"CO0002\""), "the reference file has CO0002");
        File.WriteAllText(broken, xml.Replace("prestatie_code=\"CO0002\"", "prestatie_code=\"C0115\""), new UTF8Encoding(false));
        using (var r = Spiegel.ValidateFile(broken))
        {
            Expect(r.Errors >= 1 && HasRule(r, "prestatie-code-format"), "ValidateFile: C0115 is a prestatie-code-format error");
        }

        // An organisation structure without ZUID, from a file.
        string org = Path.Combine(dir, "org-cs.txt");
        File.WriteAllText(org, "groep_code\nLocatie A\n");
        using (var r = Spiegel.ValidateFile(streamed, null, null, org))
        {
            Expect(HasRule(r, "groep-code-unknown"), "ValidateFile with an organisatie: groep-code-unknown");
        }
        ExpectCode(ResultCode.Io, () => Spiegel.ValidateFile("/nonexistent-spiegel/x.xml").Dispose(), "ValidateFile: no such file");

        // Previews: of the delivery, and of the file it makes.
        using (var d = BuildReference())
        {
            string json = d.Preview(PreviewFormat.Json);
            Expect(json.Contains("\"kwartaal\": \"2024-Q1\""), "preview JSON names the quarter: " + json.Substring(0, Math.Min(80, json.Length)));
            string text = d.Preview(PreviewFormat.Text);
            Expect(text.Length > 0 && text == Spiegel.PreviewXmlFile(streamed, null, PreviewFormat.Text), "preview of the file equals that of the delivery (text)");
            Expect(d.Preview(PreviewFormat.Text, true).Length > text.Length, "details make the preview longer");
            Expect(d.Preview(PreviewFormat.Csv).StartsWith("kwartaal,groep_code,"), "preview CSV header");
            string html = Path.Combine(dir, "preview-cs.html");
            d.PreviewToFile(PreviewFormat.Html, false, html);
            Expect(File.ReadAllText(html, Encoding.UTF8).StartsWith("<!DOCTYPE html>"), "preview HTML file");
            ExpectCode(ResultCode.InvalidValue, () => d.Preview(42), "preview format 42");
        }
        ExpectCode(ResultCode.InvalidInput, () => Spiegel.PreviewXmlFile(org, null, PreviewFormat.Text), "preview of a file that is not XML");

        // A complete prestatie list without the reference's codes: unknown codes block the file.
        const string OnlyCo0099 = "# list: prestatie\n# source: test\n# version: 1\n# completeness: complete\ncode\nCO0099\n";
        using (var d = BuildReference())
        {
            d.LoadCodeListText(OnlyCo0099);
            try
            {
                d.WriteBuffer();
                Expect(false, "unknown prestatie codes still give a file");
            }
            catch (SpiegelException e)
            {
                Expect(e.Code == ResultCode.DeliveryHasErrors && HasRule(e.Diagnostics, "prestatie-code-unknown"),
                    "complete list: DELIVERY_HAS_ERRORS with prestatie-code-unknown, got " + e.Code);
            }
            ExpectCode(ResultCode.InvalidCodelist, () => d.LoadCodeListText("code\nCO0001\n"), "a list without its header");
            ExpectCode(ResultCode.Io, () => d.LoadCodeLists("/nonexistent-spiegel/lists"), "no such code list directory");
        }
        string listFile = Path.Combine(dir, "prestatie-cs.csv");
        File.WriteAllText(listFile, OnlyCo0099);
        using (var d = BuildReference())
        {
            d.LoadCodeLists(listFile);
            using (var r = d.Validate()) Expect(HasRule(r, "prestatie-code-unknown"), "code list from a file");
        }

        // Organisation structures from text: one without ZUID blocks, one with both does not.
        using (var d = BuildReference())
        {
            d.LoadOrganisatieText("groep_code\nLocatie A\n");
            using (var r = d.Validate()) Expect(HasRule(r, "groep-code-unknown"), "organisatie text without ZUID: groep-code-unknown");
            d.LoadOrganisatieText("Locatie A\n\"" + GroepZuid.Replace("\"", "\"\"") + "\"\n");
            using (var r = d.Validate()) Expect(r.Errors == 0, "organisatie text with both groep_codes: no errors, got " + r.Errors);
            d.LoadOrganisatie(org);
            using (var r = d.Validate()) Expect(HasRule(r, "groep-code-unknown"), "organisatie file without ZUID");
        }

        // Privacy: a BSN in groep_code is an error that reaches the caller with the value masked.
        using (var d = new Delivery())
        {
            uint za = d.AddZorgaanbieder("12345678");
            d.AddZorgtraject(za, "P1", "2024-01-02", null, "111 222 333");
            d.SetQuarter("2024-Q1");
            using (var r = d.Validate())
            {
                Diagnostic bsn = null;
                foreach (var x in r) if (x.Rule == "privacy-bsn") bsn = x;
                Expect(bsn != null && bsn.Severity == Severity.Error, "privacy: a BSN in groep_code is a privacy-bsn error");
                Expect(bsn != null && bsn.Value == "111 *** ***" && !bsn.Message.Contains("222"),
                    "privacy: the value is masked, got " + (bsn == null ? "none" : bsn.Value));
            }
        }

        // JSON Lines.
        using (var d = new Delivery())
        {
            d.LoadJsonLines("{\"zorgaanbieder_code\": \"12345678\", \"zorgtraject\": {\"id\": \"L1\", \"begindatum\": \"2024-01-02\"}}\n");
            d.SetQuarter("2024-Q1");
            string written = Encoding.UTF8.GetString(d.WriteBuffer());
            Expect(written.Contains("<Zorgtraject begindatum=\"2024-01-02\"/>"), "JSON Lines record in the file");
            ExpectCode(ResultCode.InvalidInput, () => d.LoadJsonLines("not json\n"), "JSON Lines that is not JSON");
        }

        // ScheduleMissing: a directory holding only the file of 2024-Q1.
        string schedule = Path.Combine(dir, "schedule-cs");
        Directory.CreateDirectory(schedule);
        File.Copy(streamed, Path.Combine(schedule, "spiegel-2024-Q1.xml"), true);
        var missing = Spiegel.ScheduleMissing(2024, 1, schedule, 2024, 10, 1);
        Expect(string.Join(",", missing) == "2024-Q2,2024-Q3", "missing on 2024-10-01: 2024-Q2,2024-Q3, got " + string.Join(",", missing));
        Expect(Spiegel.ScheduleMissing(2024, 1, schedule, new DateTime(2024, 4, 1)).Count == 0, "nothing missing on 2024-04-01");
        ExpectCode(ResultCode.InvalidQuarter, () => Spiegel.ScheduleMissing(2024, 5, schedule, 2024, 4, 1), "ScheduleMissing from quarter 5");
        ExpectCode(ResultCode.Io, () => Spiegel.ScheduleMissing(2024, 1, "/nonexistent-spiegel", 2024, 4, 1), "ScheduleMissing: no such directory");
    }

    // Dutch from the delivery, its reports, a report switched back, and a stream.
    private static void Languages()
    {
        using (var d = new Delivery())
        {
            ExpectCode(ResultCode.UnknownLanguage, () => d.Language = (Language)7, "language 7");
            d.Language = Language.Dutch;
            Expect(d.Language == Language.Dutch, "Language reads back");
            uint a = d.AddZorgaanbieder("12345678");
            try
            {
                d.AddZorgtraject(a, "NL-1", "2024-02-30", null, null);
                Expect(false, "a refused date throws");
            }
            catch (SpiegelException e)
            {
                Expect(e.Message.Contains("is geen bestaande datum"), "Dutch refusal: " + e.Message);
                Expect(d.LastError == e.Message, "LastError in Dutch: " + d.LastError);
            }
            d.SetQuarter("2024-Q1");
            using (var r = d.Validate())
            {
                Expect(r[0].Rule == "date", "the rule id stays: " + r[0].Rule);
                Expect(r[0].Message.Contains("is geen bestaande datum"), "Dutch report message: " + r[0].Message);
                r.SetLanguage(Language.English);
                Expect(r[0].Message.Contains("is not a real date"), "report back in English: " + r[0].Message);
            }
        }
        using (var output = new MemoryStream())
        using (var s = StreamingDelivery.ToStream(output, "2024-Q1", "2024-04-03T10:15:00"))
        {
            s.Language = Language.Dutch;
            try
            {
                s.StartZorgaanbieder("1234");
                Expect(false, "a refused AGB code throws");
            }
            catch (SpiegelException e)
            {
                Expect(e.Message.Contains("is geen AGB-code"), "Dutch stream refusal: " + e.Message);
            }
        }
    }

    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Test.exe GOLDEN_XML SCRATCH_DIR");
            return 2;
        }
        byte[] golden = File.ReadAllBytes(args[0]);
        string hex = string.Join(" ", Encoding.UTF8.GetBytes(GroepZuid).Select(x => x.ToString("X2")));
        Expect(hex == GroepZuidHex, "the source was compiled as UTF-8 (groep_code bytes " + hex + ")");

        Library();

        using (var d = BuildReference())
        {
            // 1. To a buffer.
            Report report;
            byte[] buffer = d.WriteBuffer(out report);
            ExpectSame("buffer", buffer, golden);
            using (report) CheckReport(report);

            // 2. To a file.
            string path = Path.Combine(args[1], "reference-from-csharp.xml");
            d.WriteFile(path).Dispose();
            ExpectSame("file", File.ReadAllBytes(path), golden);

            // 3. To a stream (the write callback).
            using (var stream = new MemoryStream())
            {
                d.WriteTo(stream).Dispose();
                ExpectSame("stream", stream.ToArray(), golden);
            }

            // Validation alone gives the same report.
            using (var r = d.Validate()) CheckReport(r);

            // The non-ASCII groep_code round trip: out of the file, back to the same string.
            string xml = Encoding.UTF8.GetString(buffer);
            Expect(xml.Contains("Locatie Zuid &amp; &quot;Noord&quot; — Grüße 日本"), "groep_code in the XML");
        }

        WrongRecords(args[1]);
        Languages();
        string streamed = Streaming(golden, args[1]);
        Files(streamed, args[1]);

        if (failures != 0)
        {
            Console.Error.WriteLine(failures + " check(s) failed");
            return 1;
        }
        Console.WriteLine("csharp test: all checks passed");
        return 0;
    }
}
