// Example.cs - one provider, one trajectory with a diagnosis, a prestatie and a measurement,
// written as the file of 2024-Q1. See README.md for building and running.
using System;
using Spiegelinformatie;

internal static class Example
{
    private static int Main(string[] args)
    {
        string path = args.Length > 0 ? args[0] : "spiegel-2024-Q1.xml";
        try
        {
            using (var delivery = new Delivery())
            {
                delivery.SetQuarter("2024-Q1");
                uint provider = delivery.AddZorgaanbieder("12345678");
                // vendor key (yours, for diagnostics), begindatum, einddatum (null: open), groep_code
                uint traject = delivery.AddZorgtraject(provider, "EPD-4711", "2023-11-02", null, "Locatie A");
                delivery.AddPrimair(traject, "D5_5.03", "2023-11-20");
                delivery.AddPrestatie(traject, "CO0001", "2024-02-01");
                uint meting = delivery.AddMeting(traject, "CQi-GGZ-VZ-AKWA", "2024-02-10");
                delivery.AddItem(meting, "1", "4");

                // Atomic: the file appears complete or not at all.
                using (Report report = delivery.WriteFile(path))
                {
                    foreach (Diagnostic d in report)
                        Console.WriteLine("report: {0} {1} {2}", d.Severity, d.Rule, d.Message);
                }
            }
            Console.WriteLine("wrote " + path);
            return 0;
        }
        catch (SpiegelException e)
        {
            Console.Error.WriteLine("failed with code {0}: {1}", e.Code, e.Message);
            foreach (Diagnostic d in e.Diagnostics) Console.Error.WriteLine("  " + d);
            return 1;
        }
    }
}
