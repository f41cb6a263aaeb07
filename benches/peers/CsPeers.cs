// CsPeers.cs - the C# side of the peer benchmark (benches/peers/run.sh, BENCHMARKS.md "Peers").
//
//   mono CsPeers.exe xmlserializer FLAT OUT.xml QUARTER
//   mono CsPeers.exe wrapper       FLAT OUT.xml QUARTER
//
// Both load the flat records (benches/support/mod.rs) into the same C# objects first (dates as
// DateTime). The timed phase then writes the quarter's file:
//   - xmlserializer: what a vendor writes without the library: the quarter's selection by hand
//     (trajectories in the quarter, einddatum only when it lies in the quarter, loose metingen
//     dated in the quarter, CQi items 1-16), an object graph of the classes xsd.exe generates
//     from schema/spiegelinformatie.xsd, and XmlSerializer.Serialize;
//   - wrapper: every record pushed through BulkStream (SpiegelBulk.cs), the library selecting;
//     children of a trajectory skipped when Begin() says it is not in the quarter.
// Prints "RESULT NAME SECONDS RSS_BEFORE_KIB PEAK_KIB CPU_SECONDS" (peak reset before the phase;
// CPU = user + system time of the whole process during the phase, GC and JIT threads included).
//
// Mono has no xsd.exe (it is in mono-devel's 'xsd' tool, not installed here): the classes
// below are written by hand exactly as xsd.exe /classes generates them for this schema (type
// names, XmlRoot/XmlElement/XmlAttribute attributes, DataType="date", *Specified flags).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Serialization;
using Spiegelinformatie;

[XmlRoot("Bestand", Namespace = "", IsNullable = false)]
public partial class BestandType
{
    [XmlElement("Zorgaanbieder")] public ZorgaanbiederType[] Zorgaanbieder { get; set; }
    [XmlAttribute()] public DateTime datum_creatie { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime begindatum_aangeleverde_periode { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime einddatum_aangeleverde_periode { get; set; }
}

public partial class ZorgaanbiederType
{
    [XmlElement("Zorgtraject")] public ZorgtrajectType[] Zorgtraject { get; set; }
    [XmlElement("Meting")] public MetingType[] Meting { get; set; }
    [XmlAttribute()] public string zorgaanbieder_code { get; set; }
}

public partial class ZorgtrajectType
{
    [XmlElement("Primair")] public PrimairType[] Primair { get; set; }
    [XmlElement("Neven")] public NevenType[] Neven { get; set; }
    [XmlElement("Zorgvraagtypering")] public ZorgvraagtyperingType[] Zorgvraagtypering { get; set; }
    [XmlElement("Prestatie")] public PrestatieType[] Prestatie { get; set; }
    [XmlElement("Meting")] public MetingType[] Meting { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime begindatum { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime einddatum { get; set; }
    [XmlIgnore()] public bool einddatumSpecified { get; set; }
    [XmlAttribute()] public string groep_code { get; set; }
}

public partial class PrimairType
{
    [XmlAttribute()] public string cl_d5_diagnose_code { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime datum { get; set; }
}

public partial class NevenType
{
    [XmlAttribute()] public string cl_d5_diagnose_code { get; set; }
}

public partial class ZorgvraagtyperingType
{
    [XmlAttribute()] public string zorgvraagtype_code_honos { get; set; }
    [XmlAttribute()] public string zorgvraagtype_code { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime datum { get; set; }
}

public partial class PrestatieType
{
    [XmlAttribute()] public string prestatie_code { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime datum { get; set; }
}

public partial class MetingType
{
    [XmlElement("Item")] public ItemType[] Item { get; set; }
    [XmlAttribute()] public string meetinstrument_code { get; set; }
    [XmlAttribute(DataType = "date")] public DateTime datum { get; set; }
}

public partial class ItemType
{
    [XmlAttribute()] public string item_code { get; set; }
    [XmlAttribute()] public string score { get; set; }
}

// ---- the records in memory (what an EPD has before exporting) ----

sealed class Item { public string Code, Score; }
sealed class Meting { public string Instrument; public DateTime Datum; public List<Item> Items = new List<Item>(); }
sealed class Coded { public string Code; public DateTime Datum; }
sealed class Typering { public string Honos, Code; public DateTime Datum; }
sealed class Traject
{
    public string Key, Groep;
    public DateTime Begin;
    public DateTime? End;
    public List<Coded> Primair = new List<Coded>();
    public List<string> Neven = new List<string>();
    public List<Typering> Typeringen = new List<Typering>();
    public List<Coded> Prestaties = new List<Coded>();
    public List<Meting> Metingen = new List<Meting>();
}
sealed class Provider { public string Code; public List<Traject> Trajecten = new List<Traject>(); public List<Meting> Loose = new List<Meting>(); }

static class CsPeers
{
    static readonly DateTime Created = new DateTime(2025, 1, 2, 8, 0, 0);

    static DateTime Day(string s)
    {
        return new DateTime(int.Parse(s.Substring(0, 4)), int.Parse(s.Substring(5, 2)), int.Parse(s.Substring(8, 2)));
    }

    static string Opt(string s) { return s == "-" ? null : s; }

    static List<Provider> Load(string path)
    {
        var providers = new List<Provider>();
        Provider p = null;
        Traject t = null;
        Meting m = null;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "Z": p = new Provider { Code = f[1] }; providers.Add(p); t = null; break;
                case "T":
                    t = new Traject { Key = Opt(f[1]), Begin = Day(f[2]), Groep = Opt(f[4]) };
                    if (f[3] != "-") t.End = Day(f[3]);
                    p.Trajecten.Add(t);
                    break;
                case "P": t.Primair.Add(new Coded { Code = f[1], Datum = Day(f[2]) }); break;
                case "N": t.Neven.Add(f[1]); break;
                case "V": t.Typeringen.Add(new Typering { Honos = Opt(f[1]), Code = Opt(f[2]), Datum = Day(f[3]) }); break;
                case "R": t.Prestaties.Add(new Coded { Code = f[1], Datum = Day(f[2]) }); break;
                case "M": m = new Meting { Instrument = f[1], Datum = Day(f[2]) }; t.Metingen.Add(m); break;
                case "L": m = new Meting { Instrument = f[1], Datum = Day(f[2]) }; p.Loose.Add(m); t = null; break;
                case "I": m.Items.Add(new Item { Code = f[1], Score = f[2] }); break;
                default: throw new InvalidDataException("unknown record " + f[0]);
            }
        }
        return providers;
    }

    static void Quarter(string quarter, out DateTime first, out DateTime last)
    {
        int year = int.Parse(quarter.Substring(0, 4)), q = quarter[6] - '0';
        first = new DateTime(year, 3 * q - 2, 1);
        last = first.AddMonths(3).AddDays(-1);
    }

    // The core CQi items 1 to 16, written without leading zeros or signs.
    static bool ItemAllowed(string code)
    {
        int n;
        return code.Length > 0 && code[0] != '0' && code[0] != '+' && int.TryParse(code, out n) && n >= 1 && n <= 16;
    }

    static MetingType ToMeting(Meting m)
    {
        var items = new List<ItemType>(m.Items.Count);
        foreach (var i in m.Items) if (ItemAllowed(i.Code)) items.Add(new ItemType { item_code = i.Code, score = i.Score });
        return new MetingType { meetinstrument_code = m.Instrument, datum = m.Datum, Item = items.Count > 0 ? items.ToArray() : null };
    }

    static BestandType Select(List<Provider> providers, DateTime first, DateTime last)
    {
        var zas = new List<ZorgaanbiederType>();
        foreach (var p in providers)
        {
            var trajecten = new List<ZorgtrajectType>();
            foreach (var t in p.Trajecten)
            {
                if (t.Begin > last || (t.End.HasValue && t.End.Value < first)) continue;
                var z = new ZorgtrajectType { begindatum = t.Begin, groep_code = t.Groep };
                if (t.End.HasValue && t.End.Value <= last) { z.einddatum = t.End.Value; z.einddatumSpecified = true; }
                if (t.Primair.Count > 0) z.Primair = t.Primair.ConvertAll(c => new PrimairType { cl_d5_diagnose_code = c.Code, datum = c.Datum }).ToArray();
                if (t.Neven.Count > 0) z.Neven = t.Neven.ConvertAll(c => new NevenType { cl_d5_diagnose_code = c }).ToArray();
                if (t.Typeringen.Count > 0) z.Zorgvraagtypering = t.Typeringen.ConvertAll(c => new ZorgvraagtyperingType { zorgvraagtype_code_honos = c.Honos, zorgvraagtype_code = c.Code, datum = c.Datum }).ToArray();
                if (t.Prestaties.Count > 0) z.Prestatie = t.Prestaties.ConvertAll(c => new PrestatieType { prestatie_code = c.Code, datum = c.Datum }).ToArray();
                if (t.Metingen.Count > 0) z.Meting = t.Metingen.ConvertAll(ToMeting).ToArray();
                trajecten.Add(z);
            }
            var loose = new List<MetingType>();
            foreach (var m in p.Loose) if (m.Datum >= first && m.Datum <= last) loose.Add(ToMeting(m));
            zas.Add(new ZorgaanbiederType
            {
                zorgaanbieder_code = p.Code,
                Zorgtraject = trajecten.Count > 0 ? trajecten.ToArray() : null,
                Meting = loose.Count > 0 ? loose.ToArray() : null,
            });
        }
        return new BestandType { datum_creatie = Created, begindatum_aangeleverde_periode = first, einddatum_aangeleverde_periode = last, Zorgaanbieder = zas.ToArray() };
    }

    // Made before the timed phase, as an application keeps one.
    static XmlSerializer serializer;

    static void WithXmlSerializer(List<Provider> providers, string output, string quarter)
    {
        DateTime first, last;
        Quarter(quarter, out first, out last);
        var bestand = Select(providers, first, last);
        var none = new XmlSerializerNamespaces();
        none.Add("", "");
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) };
        using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = XmlWriter.Create(file, settings))
        {
            serializer.Serialize(writer, bestand, none);
        }
    }

    static void WithWrapper(List<Provider> providers, string output, string quarter)
    {
        using (var s = BulkStream.ToFile(output, quarter, Created))
        {
            foreach (var p in providers)
            {
                s.StartZorgaanbieder(p.Code);
                foreach (var t in p.Trajecten)
                {
                    var z = s.Zorgtraject(t.Begin).Einddatum(t.End).VendorKey(t.Key).GroepCode(t.Groep);
                    if (z.Begin())
                    {
                        foreach (var c in t.Primair) z.Primair(c.Code, c.Datum);
                        foreach (var c in t.Neven) z.Neven(c);
                        foreach (var c in t.Typeringen) z.Zorgvraagtypering(c.Honos, c.Code, c.Datum);
                        foreach (var c in t.Prestaties) z.Prestatie(c.Code, c.Datum);
                        foreach (var m in t.Metingen)
                        {
                            z.Meting(m.Instrument, m.Datum);
                            foreach (var i in m.Items) z.Item(i.Code, i.Score);
                        }
                    }
                    z.End();
                }
                foreach (var m in p.Loose)
                {
                    var l = s.LooseMeting(m.Instrument, m.Datum);
                    foreach (var i in m.Items) l.Item(i.Code, i.Score);
                }
            }
            s.Finish().Dispose();
        }
    }

    static long StatusKib(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field)) return long.Parse(line.Substring(field.Length).Trim().Split(' ')[0]);
        return 0;
    }

    static int Main(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: CsPeers.exe xmlserializer|wrapper FLAT OUT.xml QUARTER");
            return 2;
        }
        var providers = Load(args[1]);
        // What an application does once, not per export: make the serializer, or load the
        // native library (a stream opened and discarded). Kept out of the timed phase for both.
        if (args[0] == "xmlserializer") serializer = new XmlSerializer(typeof(BestandType));
        else using (var warm = BulkStream.ToFile(args[2] + ".warm-up", args[3], Created)) warm.StartZorgaanbieder("12345678");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception) { }
        long before = StatusKib("VmRSS:");
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        if (args[0] == "xmlserializer") WithXmlSerializer(providers, args[2], args[3]);
        else WithWrapper(providers, args[2], args[3]);
        watch.Stop();
        Console.WriteLine("RESULT csharp-" + args[0] + " " + watch.Elapsed.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)
                          + " " + before + " " + StatusKib("VmHWM:") + " "
                          + (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        GC.KeepAlive(providers);
        return 0;
    }
}
