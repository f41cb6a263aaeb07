package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Library-wide functions (versions, code texts, the reporting calendar, validating and
 * previewing existing files) and shared helpers.
 */
public final class Spiegel {
    private Spiegel() {}

    static final SpiegelLibrary LIB = SpiegelLibrary.INSTANCE;

    private static volatile boolean abiChecked;

    /**
     * The language of this thread's messages from calls without a delivery or stream
     * ({@link #validateFile}, report functions) and of the reports they hand out.
     */
    public static void setThreadLanguage(Language language) {
        check(LIB.spiegel_set_thread_language(language.code));
    }

    /**
     * Whether the native library can be loaded and has the ABI version this wrapper was
     * written for. Tries to load it when it is not loaded yet, so it can be called again after
     * installing the library; {@link #unavailableReason()} says why not.
     */
    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /**
     * Why the library cannot be used (not found, wrong architecture, another ABI version), or
     * null when it can. Tries to load it when it is not loaded yet.
     */
    public static String unavailableReason() {
        try {
            NativeLoader.library();
        } catch (UnsatisfiedLinkError e) {
            String reason = NativeLoader.failure();
            return reason != null ? reason : e.getMessage();
        }
        int loaded = LIB.spiegel_abi_version();
        if (loaded != SpiegelLibrary.ABI_VERSION) {
            return "the native library has ABI version " + loaded + ", this wrapper was written for "
                    + SpiegelLibrary.ABI_VERSION;
        }
        return null;
    }

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

    /**
     * Validates the Spiegelinformatie XML file at {@code path} as the PVM would receive it: the
     * XSD (the bundled one, or {@code xsdPath}), the reader, and every content rule for the
     * quarter the file covers, with the code lists of {@code codeListsPath} (a directory or one
     * list file; null: bundled) and the organisation structure of {@code organisatiePath}
     * (null: none). Like {@link Delivery#validate()} it does not throw for errors in the file:
     * the report is returned either way, and {@code report.errors() == 0} means the file is
     * valid. Throws SpiegelException when the file cannot be checked at all (IO,
     * INVALID_SCHEMA, INVALID_CODELIST, UNSUPPORTED).
     */
    public static Report validateFile(String path, String xsdPath, String codeListsPath, String organisatiePath) {
        ensureAbi();
        byte[] p = utf8(Objects.requireNonNull(path, "path"));
        byte[] x = optional(xsdPath);
        byte[] c = optional(codeListsPath);
        byte[] o = optional(organisatiePath);
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_validate_file(p, length(p), x, length(x), c, length(c), o, length(o), r);
        if ((code == ResultCode.OK || code == ResultCode.DELIVERY_HAS_ERRORS) && r.getValue() != null) {
            return new Report(r.getValue());
        }
        throw failure(code, messageOr(lastError(), code), r.getValue());
    }

    /** {@link #validateFile(String, String, String, String)} with the bundled schema and lists. */
    public static Report validateFile(String path) {
        return validateFile(path, null, null, null);
    }

    /**
     * The preview of an existing XML file: everything in it counts as delivered, for the quarter
     * it covers. {@code codeListsPath}: null for the bundled lists; {@code format}: a
     * {@link PreviewFormat}; {@code details} adds every trajectory (text, JSON). The file is not
     * validated (see {@link #validateFile(String)}).
     */
    public static String previewXmlFile(String path, String codeListsPath, int format, boolean details) {
        ensureAbi();
        byte[] p = utf8(Objects.requireNonNull(path, "path"));
        byte[] c = optional(codeListsPath);
        int d = details ? 1 : 0;
        return threadText((b, l, o) -> LIB.spiegel_preview_xml_file(p, length(p), c, length(c), format, d, b, l, o));
    }

    /**
     * The quarters from {@code fromQuarter} of {@code fromYear} up to the one due on
     * {@code year}-{@code month}-{@code day} that have no file in {@code dir} yet, in order, as
     * "2024-Q1" texts; empty when none is missing.
     */
    public static List<String> scheduleMissing(int fromYear, int fromQuarter, String dir, int year, int month,
            int day) {
        ensureAbi();
        byte[] d = utf8(Objects.requireNonNull(dir, "dir"));
        String text = threadText((b, l, o) -> LIB.spiegel_schedule_missing(fromYear, fromQuarter, d, length(d), year,
                month, day, b, l, o));
        return text.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(text.split(",")));
    }

    /** {@link #scheduleMissing(int, int, String, int, int, int)} up to the quarter due on {@code date}. */
    public static List<String> scheduleMissing(int fromYear, int fromQuarter, String dir, LocalDate date) {
        return scheduleMissing(fromYear, fromQuarter, dir, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
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

    /** Optional text: null and "" both mean absent (null). */
    static byte[] optional(String value) {
        return value == null || value.isEmpty() ? null : utf8(value);
    }

    /**
     * The exception for a failed write, validation or finish, with the diagnostics of
     * {@code report} (may be null) copied in; the report is freed.
     */
    static SpiegelException failure(int code, String message, Pointer report) {
        if (report == null) {
            return new SpiegelException(code, message);
        }
        try (Report r = new Report(report)) {
            return new SpiegelException(code, message, r.toList());
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
