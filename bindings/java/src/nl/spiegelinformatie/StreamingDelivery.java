package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * A file written while records are pushed one at a time, in the order of the file: memory stays
 * bounded by one trajectory. Wraps a {@code spiegel_stream}.
 *
 * <p>Order: {@link #startZorgaanbieder}; per trajectory {@link #beginZorgtraject}, its children
 * ({@link #addPrimair}, {@link #addNeven}, {@link #addZorgvraagtypering}, {@link #addPrestatie},
 * {@link #addMeting} + {@link #addItem}), {@link #endZorgtraject}; {@link #addLooseMeting}
 * (+ {@link #addItem}) between trajectories; the next zorgaanbieder; {@link #finish}. Settings
 * (code lists, organisatie, drop children) go before the first zorgaanbieder.
 *
 * <p>A refused record (bad date, bad AGB code, ...) throws {@link SpiegelException} with code
 * {@link ResultCode#INVALID_VALUE}, but the stream stays usable: the error is kept for the
 * report, and the records belonging to the refused one (a refused trajectory's children, a
 * refused meting's items) throw INVALID_VALUE too and are skipped. Catch it and go on pushing
 * to collect every error: {@link #finish} then throws DELIVERY_HAS_ERRORS with all of them in
 * {@link SpiegelException#getDiagnostics()}. {@link #countErrors} tells at any moment whether
 * finish will refuse, to stop early instead.
 *
 * <p>Closing without a successful finish discards the output: the temporary file is deleted and
 * the target is untouched; for an OutputStream target, discard what was written unless finish
 * returned. Not thread-safe: use one instance from one thread at a time. A forgotten stream is
 * freed (and discarded) when garbage collected; close it anyway.
 */
public final class StreamingDelivery implements AutoCloseable {
    private static final SpiegelLibrary LIB = Spiegel.LIB;

    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    // For an OutputStream target: the callback the library calls, held in a field so that it
    // stays reachable from the factory until finish returns (JNA frees a collected callback).
    private final SpiegelLibrary.WriteCallback callback;
    private final IOException[] thrown;
    private boolean closed;

    private StreamingDelivery(Pointer handle, SpiegelLibrary.WriteCallback callback, IOException[] thrown) {
        this.handle = handle;
        this.callback = callback;
        this.thrown = thrown;
        this.cleanable = Report.CLEANER.register(this, () -> LIB.spiegel_stream_free(handle));
    }

    /**
     * A stream writing the file of {@code quarter} ("2024-Q1") to {@code path} through a
     * temporary file in the same directory, renamed over the target only by a successful
     * {@link #finish}. {@code datumCreatie}: "YYYY-MM-DDTHH:MM:SS", or null for the local time now.
     */
    public static StreamingDelivery toFile(String path, String quarter, String datumCreatie) {
        Spiegel.ensureAbi();
        byte[] p = Spiegel.utf8(Objects.requireNonNull(path, "path"));
        byte[] q = Spiegel.utf8(Objects.requireNonNull(quarter, "quarter"));
        byte[] d = Spiegel.optional(datumCreatie);
        PointerByReference out = new PointerByReference();
        int code = LIB.spiegel_stream_new_file(p, len(p), q, len(q), d, len(d), out);
        return created(code, out.getValue(), null, null);
    }

    /** {@link #toFile(String, String, String)} with datum_creatie the local time now. */
    public static StreamingDelivery toFile(String path, String quarter) {
        return toFile(path, quarter, null);
    }

    /**
     * A stream writing the file of {@code quarter} into {@code output} in pieces (up to 64 KiB)
     * as records are pushed. Bytes arrive before the last record is seen: discard them unless
     * {@link #finish} returns. An IOException from {@code output} stops the stream; the call that
     * hit it throws UncheckedIOException with it as the cause.
     */
    public static StreamingDelivery toStream(OutputStream output, String quarter, String datumCreatie) {
        Objects.requireNonNull(output, "output");
        Spiegel.ensureAbi();
        byte[] q = Spiegel.utf8(Objects.requireNonNull(quarter, "quarter"));
        byte[] d = Spiegel.optional(datumCreatie);
        IOException[] thrown = new IOException[1];
        SpiegelLibrary.WriteCallback callback = (user, data, n) -> {
            try {
                output.write(data.getByteArray(0, Math.toIntExact(n)));
                return 0;
            } catch (IOException e) {
                thrown[0] = e;
                return 1;
            }
        };
        PointerByReference out = new PointerByReference();
        int code = LIB.spiegel_stream_new_callback(callback, null, q, len(q), d, len(d), out);
        return created(code, out.getValue(), callback, thrown);
    }

    /** {@link #toStream(OutputStream, String, String)} with datum_creatie the local time now. */
    public static StreamingDelivery toStream(OutputStream output, String quarter) {
        return toStream(output, quarter, null);
    }

    private static StreamingDelivery created(int code, Pointer h, SpiegelLibrary.WriteCallback callback,
            IOException[] thrown) {
        if (code != ResultCode.OK || h == null) {
            LIB.spiegel_stream_free(h);
            throw new SpiegelException(code, Spiegel.messageOr(Spiegel.lastError(), code));
        }
        return new StreamingDelivery(h, callback, thrown);
    }

    /** The raw spiegel_stream pointer, for calls to {@link SpiegelLibrary}. */
    public Pointer handle() {
        return live();
    }

    /** Frees the stream; without a successful finish its output is discarded. */
    @Override
    public void close() {
        closed = true;
        cleanable.clean();
        Reference.reachabilityFence(callback);
    }

    private Pointer live() {
        if (closed) {
            throw new IllegalStateException("the stream is closed");
        }
        return handle;
    }

    private static long len(byte[] utf8) {
        return Spiegel.length(utf8);
    }

    private static byte[] required(String value, String name) {
        return Spiegel.utf8(Objects.requireNonNull(value, name));
    }

    /** The message of the last call on this stream ("" after a success). */
    public String lastError() {
        Pointer h = live();
        String text = Spiegel.readText((b, l, o) -> LIB.spiegel_stream_last_error(h, b, l, o), null);
        return text == null ? "" : text;
    }

    private void check(int code) {
        // The library may call the callback during any call: keep it reachable until here.
        Reference.reachabilityFence(callback);
        if (code == ResultCode.OK) {
            return;
        }
        if (thrown != null && thrown[0] != null) {
            throw new UncheckedIOException("writing the file stopped", thrown[0]);
        }
        throw new SpiegelException(code, Spiegel.messageOr(lastError(), code));
    }

    /** Code lists from a directory or one list file (as {@link Delivery#loadCodeLists}). */
    public void loadCodeLists(String path) {
        byte[] p = required(path, "path");
        check(LIB.spiegel_stream_load_codelists(live(), p, len(p)));
    }

    /** One code list from the contents of a list file. */
    public void loadCodeListText(String text) {
        byte[] t = required(text, "text");
        check(LIB.spiegel_stream_load_codelist_buffer(live(), t, len(t)));
    }

    /** The organisation structure from a file (one groep_code per line). */
    public void loadOrganisatie(String path) {
        byte[] p = required(path, "path");
        check(LIB.spiegel_stream_load_organisatie(live(), p, len(p)));
    }

    /** The organisation structure from text (one groep_code per line). */
    public void loadOrganisatieText(String text) {
        byte[] t = required(text, "text");
        check(LIB.spiegel_stream_load_organisatie_buffer(live(), t, len(t)));
    }

    /** True: leave out child records dated after the quarter. Default false. */
    public void setDropChildrenAfterQuarter(boolean drop) {
        check(LIB.spiegel_stream_set_drop_children_after_quarter(live(), drop ? 1 : 0));
    }

    /**
     * True: write the file all the same when records cannot be represented ("Lever alles aan wat
     * je hebt"): the trajectory a refused record belongs to (or the loose meting, or the
     * zorgaanbieder) is left out, its error becomes a warning and a {@code record-left-out}
     * info counts them. The call that refuses a record still throws. Default false: a refused
     * record blocks the file. Only before the first
     * zorgaanbieder.
     */
    public void setLeaveOutUnrepresentable(boolean leaveOut) {
        check(LIB.spiegel_stream_set_leave_out_unrepresentable(live(), leaveOut ? 1 : 0));
    }

    /** The language of {@link #lastError()}, of exception messages and of the report. Default English. */
    public void setLanguage(Language language) {
        check(LIB.spiegel_stream_set_language(live(), language.code));
    }

    /** Starts the next zorgaanbieder (AGB code, 8 digits); a provider's records must be contiguous. */
    public void startZorgaanbieder(String zorgaanbiederCode) {
        byte[] c = required(zorgaanbiederCode, "zorgaanbiederCode");
        check(LIB.spiegel_stream_start_zorgaanbieder(live(), c, len(c)));
    }

    /**
     * Begins a zorgtraject of the current zorgaanbieder; {@code vendorKey}, {@code einddatum}
     * and {@code groepCode} are optional (null). End it with {@link #endZorgtraject}, also after
     * this call threw INVALID_VALUE.
     */
    public void beginZorgtraject(String vendorKey, String begindatum, String einddatum, String groepCode) {
        byte[] k = Spiegel.optional(vendorKey);
        byte[] b = required(begindatum, "begindatum");
        byte[] e = Spiegel.optional(einddatum);
        byte[] g = Spiegel.optional(groepCode);
        check(LIB.spiegel_stream_begin_zorgtraject(live(), k, len(k), b, len(b), e, len(e), g, len(g)));
    }

    /** Adds a primary diagnosis to the open zorgtraject. */
    public void addPrimair(String diagnoseCode, String datum) {
        byte[] c = required(diagnoseCode, "diagnoseCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_stream_add_primair(live(), c, len(c), d, len(d)));
    }

    /** Adds a secondary diagnosis to the open zorgtraject. */
    public void addNeven(String diagnoseCode) {
        byte[] c = required(diagnoseCode, "diagnoseCode");
        check(LIB.spiegel_stream_add_neven(live(), c, len(c)));
    }

    /** Adds a zorgvraagtypering to the open zorgtraject; either code may be null, not both. */
    public void addZorgvraagtypering(String zorgvraagtypeCodeHonos, String zorgvraagtypeCode, String datum) {
        byte[] h = Spiegel.optional(zorgvraagtypeCodeHonos);
        byte[] c = Spiegel.optional(zorgvraagtypeCode);
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_stream_add_zorgvraagtypering(live(), h, len(h), c, len(c), d, len(d)));
    }

    /** Adds a prestatie to the open zorgtraject. */
    public void addPrestatie(String prestatieCode, String datum) {
        byte[] c = required(prestatieCode, "prestatieCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_stream_add_prestatie(live(), c, len(c), d, len(d)));
    }

    /** Adds a meting to the open zorgtraject; {@link #addItem} then adds its items. */
    public void addMeting(String meetinstrumentCode, String datum) {
        byte[] c = required(meetinstrumentCode, "meetinstrumentCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_stream_add_meting(live(), c, len(c), d, len(d)));
    }

    /** Adds an item to the last meting (of the open zorgtraject, or the last loose meting). */
    public void addItem(String itemCode, String score) {
        byte[] c = required(itemCode, "itemCode");
        byte[] s = required(score, "score");
        check(LIB.spiegel_stream_add_item(live(), c, len(c), s, len(s)));
    }

    /**
     * Ends the open zorgtraject: selects, validates and writes it. Content-rule errors do not
     * throw here: they are in the report (see {@link #countErrors}).
     */
    public void endZorgtraject() {
        check(LIB.spiegel_stream_end_zorgtraject(live()));
    }

    /** Adds a loose meting to the current zorgaanbieder, between trajectories; then {@link #addItem}. */
    public void addLooseMeting(String meetinstrumentCode, String datum) {
        byte[] c = required(meetinstrumentCode, "meetinstrumentCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_stream_add_loose_meting(live(), c, len(c), d, len(d)));
    }

    /** The number of errors so far; nonzero means {@link #finish} will refuse the file. */
    public int countErrors() {
        LongByReference n = new LongByReference();
        check(LIB.spiegel_stream_count_errors(live(), n));
        return Math.toIntExact(n.getValue());
    }

    /**
     * Ends the file and returns the report (warnings, info). Throws SpiegelException with code
     * DELIVERY_HAS_ERRORS and the report's diagnostics when there are errors: then no file
     * appears at the path (for an OutputStream, discard what was written). After finish only
     * {@link #lastError} and {@link #close} remain.
     */
    public Report finish() {
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_stream_finish(live(), r);
        // The library calls the callback up to and including finish, never after.
        Reference.reachabilityFence(callback);
        if (thrown != null && thrown[0] != null) {
            LIB.spiegel_report_free(r.getValue());
            throw new UncheckedIOException("writing the file stopped", thrown[0]);
        }
        if (code == ResultCode.OK) {
            return new Report(r.getValue());
        }
        throw Spiegel.failure(code, Spiegel.messageOr(lastError(), code), r.getValue());
    }
}
