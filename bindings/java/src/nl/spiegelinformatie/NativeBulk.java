package nl.spiegelinformatie;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The bulk functions of the C ABI (ABI minor 1), bound with JNA direct mapping
 * ({@code Native.register}): a native method per function, no interface proxy, primitive and
 * array arguments only, which keeps a call well under a microsecond.
 */
final class NativeBulk {
    static {
        Native.register(NativeBulk.class, "spiegelinformatie");
    }

    private static volatile boolean checked;

    private NativeBulk() {
    }

    static native int spiegel_abi_version_minor();

    static native int spiegel_stream_begin_zorgtraject_dated(Pointer stream, byte[] vendorKey, long vendorKeyLen,
            int begindatum, int einddatum, byte[] groepCode, long groepCodeLen, int[] outInQuarter);

    static native int spiegel_stream_add_children_packed(Pointer stream, byte[] buf, long bufLen);

    static native int spiegel_stream_add_loose_metingen_packed(Pointer stream, byte[] buf, long bufLen);

    static native int spiegel_stream_end_zorgtraject(Pointer stream);

    static native int spiegel_delivery_add_zorgtraject_packed(Pointer delivery, int zorgaanbiederId, byte[] buf,
            long bufLen, int[] outId, int[] outInQuarter);

    static native int spiegel_delivery_add_children_packed(Pointer delivery, int zorgtrajectId, byte[] buf,
            long bufLen);

    static native int spiegel_delivery_add_loose_metingen_packed(Pointer delivery, int zorgaanbiederId, byte[] buf,
            long bufLen);

    static native int spiegel_report_selection_count(Pointer report, int which, long[] outCount);

    /** Fails unless the loaded library has the bulk functions. */
    static void ensure() {
        if (checked) {
            return;
        }
        Spiegel.ensureAbi();
        int minor = spiegel_abi_version_minor();
        if (minor < 1) {
            throw new SpiegelException(ResultCode.UNSUPPORTED, "the loaded spiegelinformatie library has no bulk "
                    + "functions (ABI minor " + minor + ", 1 needed): install a newer one");
        }
        checked = true;
    }
}
