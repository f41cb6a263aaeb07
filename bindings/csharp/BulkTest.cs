// BulkTest.cs - the reference delivery (bindings/reference/README.md) through the typed layer
// (SpiegelBulk.cs): DateTime dates, the trajectory builder, typed ids, under a Thai culture
// (Buddhist calendar) so that any culture-dependent date formatting would show. Both files
// must equal the golden file byte for byte (checked here and by tests/bindings.rs). Then the
// collect mode, the selection counts and the wrapper's own messages.
//
// usage: mono BulkTest.exe GOLDEN_XML SCRATCH_DIR

using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Spiegelinformatie;

static class BulkTest
{
    const string Cqi = "CQi-GGZ-VZ-AKWA";
    const string Zuid = "Locatie Zuid & \"Noord\" \u2014 Gr\u00fc\u00dfe \u65e5\u672c";
    static int failures;

    static void Expect(bool condition, string what)
    {
        if (condition) return;
        Console.Error.WriteLine("FAILED: " + what);
        failures++;
    }

    static int CountErrors(SpiegelException e)
    {
        int n = 0;
        // Identical diagnostics are one entry with its Occurrences.
        foreach (var d in e.Diagnostics) if (d.Severity == Severity.Error) n += (int)d.Occurrences;
        return n;
    }

    static DateTime D(int y, int m, int d) { return new DateTime(y, m, d); }

    static void Streamed(string path)
    {
        using (var s = BulkStream.ToFile(path, "2024-Q1", new DateTime(2024, 4, 3, 10, 15, 0)))
        {
            s.StartZorgaanbieder("12345678");
            var t = s.Zorgtraject(D(2023, 6, 1)).Einddatum(D(2024, 2, 15)).VendorKey("REF-CLOSED").GroepCode(Zuid);
            Expect(t.Begin(), "REF-CLOSED is in the quarter");
            t.Primair("D5_5.03", D(2023, 6, 20)).Primair("D5_4.02.02.02", D(2024, 1, 10))
             .Neven("D5_6.01")
             .Zorgvraagtypering("3", "3", D(2023, 6, 20)).Zorgvraagtypering("11", null, D(2024, 1, 10))
             .Prestatie("CO0001", D(2023, 6, 1)).Prestatie("CO0002", "2024-02-01")
             .Meting(Cqi, D(2024, 2, 10)).Item("1", "4").Item("2", "3").Item("17", "2");
            t.End();

            t = s.Zorgtraject(D(2023, 11, 2)).VendorKey("REF-OPEN").GroepCode("Locatie A");
            if (t.Begin())
                t.Primair("D5_7.01", D(2023, 11, 20)).Zorgvraagtypering(null, "5", D(2023, 11, 20)).Prestatie("CO0001", D(2024, 3, 5));
            t.End();

            // No Begin: End sends everything; the library decides.
            s.Zorgtraject(D(2024, 3, 31)).Einddatum(D(2024, 5, 10)).VendorKey("REF-ENDS-AFTER")
             .Prestatie("CO0001", D(2024, 4, 15)).End();

            t = s.Zorgtraject(D(2023, 1, 1)).Einddatum(D(2023, 12, 31)).VendorKey("REF-EXCLUDED").GroepCode("Locatie A");
            Expect(!t.Begin(), "REF-EXCLUDED is not in the quarter");
            t.End();

            s.LooseMeting(Cqi, D(2024, 3, 1)).Item("1", "3").Item("16", "5");
            s.LooseMeting(Cqi, D(2024, 4, 2)).Item("1", "2");

            s.StartZorgaanbieder("87654321");
            t = s.Zorgtraject(D(2024, 1, 1)).Einddatum(D(2024, 1, 1)).VendorKey("REF-B-1");
            if (t.Begin()) t.Primair("D5_2.01", D(2024, 1, 1));
            t.End();
            s.LooseMeting(Cqi, D(2024, 1, 15)).Item("5", "1");

            using (var report = s.Finish())
            {
                int item17 = 0;
                foreach (var d in report) if (d.Rule == "item-not-allowed" && d.Value == "17") item17++;
                Expect(item17 == 1, "item 17 left out with a warning");
            }
            var c = s.Selection;
            Expect(c.ZorgtrajectenClosed == 2 && c.ZorgtrajectenOpen == 2 && c.EinddatumLeftOut == 1, "closed 2, open 2, einddatum left out 1");
            Expect(c.ZorgtrajectenEndedBefore == 1 && c.ZorgtrajectenStartAfter == 0, "ended before 1");
            Expect(c.LooseMetingenDelivered == 2 && c.LooseMetingenLeftOut == 1 && c.ItemsLeftOut == 1, "loose 2/1, items 1");
        }
    }

    static void Typed(string path)
    {
        using (var d = new TypedDelivery("2024-Q1", new DateTime(2024, 4, 3, 10, 15, 0)))
        {
            ZorgaanbiederId a = d.AddZorgaanbieder("12345678");
            d.Zorgtraject(a, D(2023, 6, 1)).Einddatum(D(2024, 2, 15)).VendorKey("REF-CLOSED").GroepCode(Zuid)
             .Primair("D5_5.03", D(2023, 6, 20)).Primair("D5_4.02.02.02", D(2024, 1, 10))
             .Neven("D5_6.01")
             .Zorgvraagtypering("3", "3", D(2023, 6, 20)).Zorgvraagtypering("11", null, D(2024, 1, 10))
             .Prestatie("CO0001", D(2023, 6, 1)).Prestatie("CO0002", D(2024, 2, 1))
             .Meting(Cqi, D(2024, 2, 10)).Item("1", "4").Item("2", "3").Item("17", "2")
             .Add();
            ZorgtrajectId open = d.Zorgtraject(a, D(2023, 11, 2)).VendorKey("REF-OPEN").GroepCode("Locatie A")
             .Primair("D5_7.01", D(2023, 11, 20)).Zorgvraagtypering(null, "5", D(2023, 11, 20)).Add();
            d.AddPrestatie(open, "CO0001", D(2024, 3, 5));
            d.Zorgtraject(a, D(2024, 3, 31)).Einddatum(D(2024, 5, 10)).VendorKey("REF-ENDS-AFTER")
             .Prestatie("CO0001", D(2024, 4, 15)).Add();
            d.Zorgtraject(a, D(2023, 1, 1)).Einddatum(D(2023, 12, 31)).VendorKey("REF-EXCLUDED").GroepCode("Locatie A")
             .Prestatie("CO0001", D(2023, 2, 1)).Add();
            d.AddLooseMetingen(a, d.LooseMetingen().Meting(Cqi, D(2024, 3, 1)).Item("1", "3").Item("16", "5")
                                                   .Meting(Cqi, D(2024, 4, 2)).Item("1", "2"));
            ZorgaanbiederId b = d.AddZorgaanbieder("87654321");
            d.Zorgtraject(b, D(2024, 1, 1)).Einddatum(D(2024, 1, 1)).VendorKey("REF-B-1").Primair("D5_2.01", D(2024, 1, 1)).Add();
            d.AddLooseMetingen(b, d.LooseMetingen().Meting(Cqi, D(2024, 1, 15)).Item("5", "1"));
            using (var report = d.Delivery.WriteFile(path))
            {
                Expect(SelectionCounts.Of(report).ZorgtrajectenClosed == 2, "selection counts of a delivery's report");
            }
        }
    }

    // Two bad trajectories: the collect mode throws nothing until Finish, which throws once.
    static void Collected(string dir)
    {
        int thrown = 0;
        using (var s = BulkStream.ToFile(Path.Combine(dir, "collected.xml"), "2024-Q1", D(2024, 4, 3)))
        {
            s.CollectRefusals = true;
            s.StartZorgaanbieder("12345678");
            for (int i = 0; i < 2; i++)
            {
                var t = s.Zorgtraject(D(2024, 1, 1)).VendorKey("BAD-" + i);
                try
                {
                    if (t.Begin())
                        for (int k = 0; k < 15; k++) t.Prestatie("", D(2024, 1, 2)).Meting(Cqi, default(DateTime)).Item("1", "4");
                    t.End();
                }
                catch (SpiegelException) { thrown++; }
            }
            var bad = s.Zorgtraject(default(DateTime)).VendorKey("BAD-DATE");
            try { Expect(!bad.Begin(), "a refused trajectory is not wanted"); bad.End(); }
            catch (SpiegelException) { thrown++; }
            Expect(thrown == 0, "no exception per record in collect mode (got " + thrown + ")");
            Expect(s.Refusals.Count == 3, "three calls with refusals (got " + s.Refusals.Count + ")");
            Expect(s.Refusals.Messages[0].Contains("45 of the 45 records"), "the count in the message: " + s.Refusals.Messages[0]);
            Expect(s.CountErrors() == 2 * 30 + 1, "every refused record is in the report (got " + s.CountErrors() + ")");
            try { s.Finish(); thrown++; }
            catch (SpiegelException e) { Expect(e.Code == ResultCode.DeliveryHasErrors && CountErrors(e) == 61, "Finish throws once, with every error"); }
        }
        Expect(!File.Exists(Path.Combine(dir, "collected.xml")), "no file with errors");

        // Without collect mode the first refusal throws, naming the wrapper's methods.
        using (var s = BulkStream.ToFile(Path.Combine(dir, "thrown.xml"), "2024-Q1", D(2024, 4, 3)))
        {
            s.StartZorgaanbieder("12345678");
            var t = s.Zorgtraject(D(2024, 1, 1));
            t.Begin();
            try { s.Zorgtraject(D(2024, 1, 1)); thrown++; }
            catch (InvalidOperationException e) { Expect(e.Message.Contains("End()"), e.Message); }
            t.Prestatie("CO0001", D(2024, 12, 1)).Prestatie("", D(2024, 1, 2));
            try { t.End(); thrown++; }
            catch (SpiegelException e) { Expect(e.Code == ResultCode.InvalidValue && e.Message.Contains("prestatie_code"), e.Message); }
            try { s.Finish(); }
            catch (SpiegelException e) { Expect(!e.Message.Contains("spiegel_"), "no C names: " + e.Message); }
        }
        try { SpiegelDate.Parse("2024-1-5", "Prestatie", "datum"); thrown++; }
        catch (FormatException e) { Expect(e.Message.StartsWith("Prestatie: datum"), e.Message); }
        Expect(thrown == 0, "the expected exceptions were thrown");
    }

    // "Lever alles aan wat je hebt": with SetLeaveOutUnrepresentable a refused record's
    // trajectory is left out and the file is written; without it the file is blocked.
    static void LeftOut(string dir)
    {
        foreach (bool leaveOut in new[] { false, true })
        {
            string path = Path.Combine(dir, "left-out-" + leaveOut + ".xml");
            using (var s = BulkStream.ToFile(path, "2024-Q1", D(2024, 4, 3)))
            {
                s.CollectRefusals = true;
                s.SetLeaveOutUnrepresentable(leaveOut);
                s.StartZorgaanbieder("12345678");
                s.Zorgtraject(D(2024, 1, 1)).VendorKey("BAD").Prestatie("", D(2024, 1, 2)).End();
                s.Zorgtraject(D(2024, 1, 3)).VendorKey("GOOD").Prestatie("CO0001", D(2024, 1, 4)).End();
                try { s.SetLeaveOutUnrepresentable(!leaveOut); Expect(false, "a setting after StartZorgaanbieder throws"); }
                catch (SpiegelException e) { Expect(e.Code == ResultCode.WrongState && e.Message.Contains("leave_out_unrepresentable) must come before the first StartZorgaanbieder"), e.Message); }
                try
                {
                    using (var report = s.Finish())
                    {
                        Expect(leaveOut, "without leaving out, Finish throws");
                        int leftOut = 0;
                        foreach (var d in report) if (d.Rule == "record-left-out") leftOut++;
                        Expect(leftOut == 1 && report.Errors == 0, "one record-left-out, no errors");
                    }
                }
                catch (SpiegelException e) { Expect(!leaveOut && e.Code == ResultCode.DeliveryHasErrors, e.Message); }
            }
            Expect(File.Exists(path) == leaveOut, "the file is written only when leaving out");
            if (leaveOut)
            {
                string xml = File.ReadAllText(path);
                Expect(xml.Contains("begindatum=\"2024-01-03\"") && !xml.Contains("begindatum=\"2024-01-01\""), "only GOOD is in the file: " + xml);
            }
        }
        using (var d = new Delivery())
        {
            d.SetQuarter("2024-Q1");
            d.SetLeaveOutUnrepresentable(true);
            uint za = d.AddZorgaanbieder("12345678");
            uint t = d.AddZorgtraject(za, "BAD", "2024-01-01", null, null);
            try { d.AddPrestatie(t, "CO0001", "2024-02-30"); Expect(false, "the refused record still throws"); }
            catch (SpiegelException e) { Expect(e.Code == ResultCode.InvalidValue, e.Message); }
            d.AddZorgtraject(za, "GOOD", "2024-01-03", null, null);
            Report report;
            byte[] xml = d.WriteBuffer(out report);
            using (report) Expect(report.Errors == 0 && xml.Length > 0, "the delivery writes with the bad trajectory left out");
        }
    }

    static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: BulkTest GOLDEN_XML SCRATCH_DIR");
            return 2;
        }
        // The Thai culture's calendar is Buddhist: 2024 is 2567 there.
        Thread.CurrentThread.CurrentCulture = new CultureInfo("th-TH");
        var golden = File.ReadAllBytes(args[0]);
        string streamed = Path.Combine(args[1], "bulk-streamed-from-csharp.xml");
        string typed = Path.Combine(args[1], "bulk-typed-from-csharp.xml");
        Streamed(streamed);
        Expect(Convert.ToBase64String(File.ReadAllBytes(streamed)) == Convert.ToBase64String(golden), "streamed file equals the golden file");
        Typed(typed);
        Expect(Convert.ToBase64String(File.ReadAllBytes(typed)) == Convert.ToBase64String(golden), "typed delivery file equals the golden file");
        Collected(args[1]);
        LeftOut(args[1]);
        // The record-by-record streaming class takes a DateTime datum_creatie too.
        using (var output = new MemoryStream())
        {
            using (var s = StreamingDelivery.ToStream(output, "2024-Q1", new DateTime(2024, 4, 3, 10, 15, 0)))
            {
                s.StartZorgaanbieder("12345678");
                s.Finish().Dispose();
            }
            string xml = System.Text.Encoding.UTF8.GetString(output.ToArray());
            Expect(xml.Contains("datum_creatie=\"2024-04-03T10:15:00\""), "StreamingDelivery with a DateTime under a Thai culture: " + xml);
        }
        if (failures != 0)
        {
            Console.Error.WriteLine(failures + " check(s) failed");
            return 1;
        }
        Console.WriteLine("csharp bulk test: all checks passed");
        return 0;
    }
}
