import nl.spiegelinformatie.Delivery;
import nl.spiegelinformatie.Spiegel;

/**
 * Started where the native library cannot be found: the classes load, Spiegel.isAvailable()
 * is false and says why, and calls throw UnsatisfiedLinkError every time (not
 * NoClassDefFoundError after the first). Then, with jna.library.path set to the library's
 * folder, the same process loads it and uses it.
 *
 * <p>usage: java -cp jna.jar:classes Availability LIBRARY_DIR (without -Djna.library.path)
 */
public final class Availability {
    private static int failures;

    private static void expect(boolean condition, String what) {
        if (!condition) {
            System.err.println("FAILED: " + what);
            failures++;
        }
    }

    private static void expectUnsatisfied(Runnable call, String what) {
        try {
            call.run();
            expect(false, what + ": no error without the library");
        } catch (UnsatisfiedLinkError e) {
            expect(e.getMessage().contains("Spiegel.isAvailable()"), what + ": " + e.getMessage());
        } catch (Throwable e) {
            expect(false, what + ": " + e);
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Availability LIBRARY_DIR");
            System.exit(2);
        }
        expect(!Spiegel.isAvailable(), "available without the library");
        String reason = Spiegel.unavailableReason();
        expect(reason != null && reason.contains("spiegelinformatie"), "reason: " + reason);
        System.out.println("without the library: " + reason);
        expectUnsatisfied(Spiegel::version, "first call");
        expectUnsatisfied(Spiegel::version, "second call");
        expectUnsatisfied(() -> new Delivery().close(), "a delivery");

        System.setProperty("jna.library.path", args[0]);
        expect(Spiegel.isAvailable(), "available from " + args[0] + ": " + Spiegel.unavailableReason());
        expect(Spiegel.unavailableReason() == null, "no reason once loaded");
        expect(Spiegel.version().contains("."), "a version once loaded");
        try (Delivery d = new Delivery()) {
            d.setQuarter("2024-Q1");
            d.addZorgaanbieder("12345678");
            expect(d.writeBuffer().length > 0, "a file once loaded");
        }
        if (failures != 0) {
            System.err.println(failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("java availability: all checks passed");
    }
}
