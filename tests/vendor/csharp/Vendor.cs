// A vendor's program, written from bindings/csharp/README.md and the NuGet package alone (see
// tests/vendor/README.md): the reference delivery of bindings/reference/README.md, first as the
// EPD's own plain objects, then exported through the typed layer twice: BulkStream to
// <dir>/bulkstream.xml and TypedDelivery to <dir>/typeddelivery.xml.
using System;
using System.Collections.Generic;
using System.IO;
using Spiegelinformatie;

namespace Epd
{
    // ---- the EPD's own records ----
    class Diagnose { public string Code; public DateTime? Datum; public bool Primair; }
    class Zvt { public string Honos; public string Code; public DateTime Datum; }
    class Prestatie { public string Code; public DateTime Datum; }
    class Meting
    {
        public DateTime Datum;
        public List<KeyValuePair<string, string>> Items = new List<KeyValuePair<string, string>>();
        public Meting Item(string code, string score) { Items.Add(new KeyValuePair<string, string>(code, score)); return this; }
    }
    class Traject
    {
        public string VendorKey; public DateTime Begin; public DateTime? Eind; public string Groep;
        public List<Diagnose> Diagnoses = new List<Diagnose>();
        public List<Zvt> Zvts = new List<Zvt>();
        public List<Prestatie> Prestaties = new List<Prestatie>();
        public List<Meting> Metingen = new List<Meting>();
    }
    class Aanbieder
    {
        public string Agb;
        public List<Traject> Trajecten = new List<Traject>();
        public List<Meting> LosseMetingen = new List<Meting>();
    }

    static class Program
    {
        const string Instrument = "CQi-GGZ-VZ-AKWA";
        const string Quarter = "2024-Q1";
        static readonly DateTime DatumCreatie = new DateTime(2024, 4, 3, 10, 15, 0);
        const string Zuid = "Locatie Zuid & \"Noord\" \u2014 Gr\u00fc\u00dfe \u65e5\u672c";

        static DateTime D(int y, int m, int d) { return new DateTime(y, m, d); }

        static List<Aanbieder> FromEpd()
        {
            var closed = new Traject { VendorKey = "REF-CLOSED", Begin = D(2023, 6, 1), Eind = D(2024, 2, 15), Groep = Zuid };
            closed.Diagnoses.Add(new Diagnose { Primair = true, Code = "D5_5.03", Datum = D(2023, 6, 20) });
            closed.Diagnoses.Add(new Diagnose { Primair = true, Code = "D5_4.02.02.02", Datum = D(2024, 1, 10) });
            closed.Diagnoses.Add(new Diagnose { Primair = false, Code = "D5_6.01" });
            closed.Zvts.Add(new Zvt { Honos = "3", Code = "3", Datum = D(2023, 6, 20) });
            closed.Zvts.Add(new Zvt { Honos = "11", Code = null, Datum = D(2024, 1, 10) });
            closed.Prestaties.Add(new Prestatie { Code = "CO0001", Datum = D(2023, 6, 1) });
            closed.Prestaties.Add(new Prestatie { Code = "CO0002", Datum = D(2024, 2, 1) });
            closed.Metingen.Add(new Meting { Datum = D(2024, 2, 10) }.Item("1", "4").Item("2", "3").Item("17", "2"));

            var open = new Traject { VendorKey = "REF-OPEN", Begin = D(2023, 11, 2), Groep = "Locatie A" };
            open.Diagnoses.Add(new Diagnose { Primair = true, Code = "D5_7.01", Datum = D(2023, 11, 20) });
            open.Zvts.Add(new Zvt { Honos = null, Code = "5", Datum = D(2023, 11, 20) });
            open.Prestaties.Add(new Prestatie { Code = "CO0001", Datum = D(2024, 3, 5) });

            var endsAfter = new Traject { VendorKey = "REF-ENDS-AFTER", Begin = D(2024, 3, 31), Eind = D(2024, 5, 10) };
            endsAfter.Prestaties.Add(new Prestatie { Code = "CO0001", Datum = D(2024, 4, 15) });

            var excluded = new Traject { VendorKey = "REF-EXCLUDED", Begin = D(2023, 1, 1), Eind = D(2023, 12, 31), Groep = "Locatie A" };
            excluded.Prestaties.Add(new Prestatie { Code = "CO0001", Datum = D(2023, 2, 1) });

            var a = new Aanbieder { Agb = "12345678" };
            a.Trajecten.AddRange(new[] { closed, open, endsAfter, excluded });
            a.LosseMetingen.Add(new Meting { Datum = D(2024, 3, 1) }.Item("1", "3").Item("16", "5"));
            a.LosseMetingen.Add(new Meting { Datum = D(2024, 4, 2) }.Item("1", "2"));

            var b1 = new Traject { VendorKey = "REF-B-1", Begin = D(2024, 1, 1), Eind = D(2024, 1, 1) };
            b1.Diagnoses.Add(new Diagnose { Primair = true, Code = "D5_2.01", Datum = D(2024, 1, 1) });
            var b = new Aanbieder { Agb = "87654321" };
            b.Trajecten.Add(b1);
            b.LosseMetingen.Add(new Meting { Datum = D(2024, 1, 15) }.Item("5", "1"));

            return new List<Aanbieder> { a, b };
        }

        // The children of one trajectory, onto either builder (both derive from ChildBuilder<T>).
        static void Children<T>(ChildBuilder<T> c, Traject t) where T : ChildBuilder<T>
        {
            foreach (var d in t.Diagnoses)
            {
                if (d.Primair) c.Primair(d.Code, d.Datum.Value);
                else c.Neven(d.Code);
            }
            foreach (var z in t.Zvts) c.Zorgvraagtypering(z.Honos, z.Code, z.Datum);
            foreach (var p in t.Prestaties) c.Prestatie(p.Code, p.Datum);
            foreach (var m in t.Metingen)
            {
                c.Meting(Instrument, m.Datum);
                foreach (var i in m.Items) c.Item(i.Key, i.Value);
            }
        }

        static Report ViaBulkStream(List<Aanbieder> epd, string path)
        {
            using (var s = BulkStream.ToFile(path, Quarter, DatumCreatie))
            {
                foreach (var a in epd)
                {
                    s.StartZorgaanbieder(a.Agb);
                    foreach (var t in a.Trajecten)
                    {
                        var b = s.Zorgtraject(t.Begin).Einddatum(t.Eind).VendorKey(t.VendorKey).GroepCode(t.Groep);
                        if (b.Begin()) Children(b, t);
                        b.End();
                    }
                    foreach (var m in a.LosseMetingen)
                    {
                        var l = s.LooseMeting(Instrument, m.Datum);
                        foreach (var i in m.Items) l.Item(i.Key, i.Value);
                    }
                }
                return s.Finish();
            }
        }

        static Report ViaTypedDelivery(List<Aanbieder> epd, string path)
        {
            using (var d = new TypedDelivery(Quarter, DatumCreatie))
            {
                foreach (var a in epd)
                {
                    ZorgaanbiederId za = d.AddZorgaanbieder(a.Agb);
                    foreach (var t in a.Trajecten)
                    {
                        var b = d.Zorgtraject(za, t.Begin).Einddatum(t.Eind).VendorKey(t.VendorKey).GroepCode(t.Groep);
                        Children(b, t);
                        b.Add();
                    }
                    var loose = d.LooseMetingen();
                    foreach (var m in a.LosseMetingen)
                    {
                        loose.Meting(Instrument, m.Datum);
                        foreach (var i in m.Items) loose.Item(i.Key, i.Value);
                    }
                    d.AddLooseMetingen(za, loose);
                }
                return d.Delivery.WriteFile(path);
            }
        }

        // The reference's report: no errors, and the one item-not-allowed warning is item 17 of
        // REF-CLOSED (the bundled code lists are partial: codes not on them are warnings too).
        static void CheckReport(string how, Report r)
        {
            using (r)
            {
                int item17 = 0, itemWarnings = 0;
                foreach (var x in r)
                {
                    if (x.Rule != "item-not-allowed") continue;
                    itemWarnings++;
                    if (x.Value == "17" && x.VendorKey == "REF-CLOSED") item17++;
                }
                if (r.Errors != 0 || itemWarnings != 1 || item17 != 1)
                    throw new Exception(how + ": expected no errors and one item-not-allowed warning, for item 17 of REF-CLOSED; got: " + r.Summary(true));
            }
        }

        static int Main(string[] args)
        {
            if (args.Length != 1) { Console.Error.WriteLine("usage: Vendor.exe <output dir>"); return 2; }
            if (!Spiegel.IsAvailable) { Console.Error.WriteLine("vendor csharp: " + Spiegel.UnavailableReason); return 1; }
            try
            {
                var epd = FromEpd();
                CheckReport("BulkStream", ViaBulkStream(epd, Path.Combine(args[0], "bulkstream.xml")));
                CheckReport("TypedDelivery", ViaTypedDelivery(epd, Path.Combine(args[0], "typeddelivery.xml")));
            }
            catch (SpiegelException e)
            {
                Console.Error.WriteLine("vendor csharp: " + e.Message);
                foreach (var x in e.Diagnostics) Console.Error.WriteLine("  " + x);
                return 1;
            }
            catch (Exception e) { Console.Error.WriteLine("vendor csharp: " + e.Message); return 1; }
            Console.WriteLine("vendor csharp: wrote 2 files");
            return 0;
        }
    }
}
