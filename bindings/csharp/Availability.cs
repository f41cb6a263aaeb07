// Availability.cs - started where the native library cannot be found: the program runs,
// Spiegel.IsAvailable is false and says why, and a call throws DllNotFoundException (every
// time: the runtime tries to load the library again on each call).
//
// usage: mono Availability.exe   (without the library on the search path)
using System;
using Spiegelinformatie;

internal static class Availability
{
    private static int failures;

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            Console.Error.WriteLine("FAILED: " + what);
            failures++;
        }
    }

    private static void ExpectNotFound(Action call, string what)
    {
        try
        {
            call();
            Expect(false, what + ": no exception without the library");
        }
        catch (DllNotFoundException)
        {
        }
        catch (Exception e)
        {
            Expect(false, what + ": " + e.GetType().Name + ": " + e.Message);
        }
    }

    private static int Main()
    {
        Expect(!Spiegel.IsAvailable, "available without the library");
        string reason = Spiegel.UnavailableReason;
        Expect(reason != null && reason.Contains("native library"), "reason: " + reason);
        Console.WriteLine("without the library: " + reason);
        ExpectNotFound(() => new Delivery().Dispose(), "a delivery");
        ExpectNotFound(() => new Delivery().Dispose(), "a second delivery");
        if (failures != 0)
        {
            Console.Error.WriteLine(failures + " check(s) failed");
            return 1;
        }
        Console.WriteLine("csharp availability: all checks passed");
        return 0;
    }
}
