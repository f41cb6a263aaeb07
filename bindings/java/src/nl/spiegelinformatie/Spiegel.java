package nl.spiegelinformatie;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.function.IntFunction;

/** Library-wide functions (versions, code texts, the reporting calendar) and shared helpers. */
public final class Spiegel {
    private Spiegel() {}

    static final SpiegelLibrary LIB = SpiegelLibrary.INSTANCE;

    private static volatile boolean abiChecked;

    /** The ABI version of the loaded library. */
    public static int abiVersion() {
        return LIB.spiegel_abi_version();
    }

    /** The library version, e.g. "0.1.0". */
    public static String version() {
        return threadText(LIB::spiegel_version);
    }

    /** The generic meaning of a result code. */
    public static String resultText(int code) {
        LongByReference len = new LongByReference();
        LIB.spiegel_result_text(code, null, 0, len);
        byte[] buf = new byte[(int) len.getValue() + 1];
        LIB.spiegel_result_text(code, buf, buf.length, len);
        return decode(buf, (int) len.getValue());
    }

    /** The message of the last call on this thread ("" after a success). */
    public static String lastError() {
        String text = readText(LIB::spiegel_last_error, null);
        return text == null ? "" : text;
    }

    /** The quarter whose file is due on {@code date}: {year, quarter} (2025-01-15 gives 2024, 4). */
    public static int[] dueQuarter(LocalDate date) {
        IntByReference year = new IntByReference();
        IntByReference quarter = new IntByReference();
        check(LIB.spiegel_schedule_due(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), year, quarter));
        return new int[] {year.getValue(), quarter.getValue()};
    }

    /** The first and last day of quarter {@code quarter} (1..4) of {@code year}. */
    public static LocalDate[] quarterPeriod(int year, int quarter) {
        IntByReference first = new IntByReference();
        IntByReference last = new IntByReference();
        check(LIB.spiegel_quarter_period(year, quarter, first, last));
        return new LocalDate[] {day(first.getValue()), day(last.getValue())};
    }

    private static LocalDate day(int yyyymmdd) {
        return LocalDate.of(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    /** Throws when the loaded library has another ABI than this wrapper. */
    static void ensureAbi() {
        if (abiChecked) {
            return;
        }
        int loaded = LIB.spiegel_abi_version();
        if (loaded != SpiegelLibrary.ABI_VERSION) {
            throw new IllegalStateException("libspiegelinformatie has ABI version " + loaded
                    + ", this wrapper was written for " + SpiegelLibrary.ABI_VERSION);
        }
        abiChecked = true;
    }

    /** Throws a SpiegelException with the thread's last error unless code is OK. */
    static void check(int code) {
        if (code != ResultCode.OK) {
            throw new SpiegelException(code, messageOr(lastError(), code));
        }
    }

    static String messageOr(String message, int code) {
        return message == null || message.isEmpty() ? resultText(code) : message;
    }

    /**
     * The UTF-8 bytes of {@code text} in an array one byte longer (a NUL the library never
     * reads), so that "" still passes a non-null pointer; null stays null (an absent optional
     * text). Pass {@link #length} of the result as the length.
     */
    static byte[] utf8(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        return withNul;
    }

    /** The length to pass with an array from {@link #utf8}. */
    static long length(byte[] utf8) {
        return utf8 == null ? 0 : utf8.length - 1;
    }

    static String decode(byte[] bytes, int count) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, count))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("the library returned invalid UTF-8", e);
        }
    }

    /** A (buf, buf_len, out_len) function of the ABI. */
    interface TextCall {
        int call(byte[] buf, long bufLen, LongByReference outLen);
    }

    /** A text through the size-query pattern; failures from the thread's last error. */
    static String threadText(TextCall call) {
        return readText(call, code -> new SpiegelException(code, messageOr(lastError(), code)));
    }

    /**
     * The size-query pattern: ask with (null, 0), allocate out_len + 1, ask again (and again if
     * the text grew meanwhile). Other codes go to {@code fail} (null: give null).
     */
    static String readText(TextCall call, IntFunction<RuntimeException> fail) {
        LongByReference len = new LongByReference();
        int code = call.call(null, 0, len);
        while (true) {
            if (code == ResultCode.OK && len.getValue() == 0) {
                return "";
            }
            if (code != ResultCode.OK && code != ResultCode.BUFFER_TOO_SMALL) {
                if (fail == null) {
                    return null;
                }
                throw fail.apply(code);
            }
            byte[] buf = new byte[Math.toIntExact(len.getValue() + 1)];
            code = call.call(buf, buf.length, len);
            if (code == ResultCode.OK) {
                return decode(buf, (int) len.getValue());
            }
        }
    }
}
