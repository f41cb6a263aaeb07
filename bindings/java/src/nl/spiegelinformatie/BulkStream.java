package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The fastest way to write a file: records pushed in file order, memory bounded by one
 * trajectory, one native call per trajectory part (JNA direct mapping, dates as numbers,
 * children in one packed buffer). Dates are {@link LocalDate}; datum_creatie is a
 * {@link LocalDateTime}. Not thread-safe.
 *
 * <pre>
 * try (BulkStream s = BulkStream.toFile(path, "2024-Q1", LocalDateTime.now())) {
 *     s.startZorgaanbieder("12345678");
 *     StreamZorgtraject t = s.zorgtraject(begin).einddatum(end).vendorKey(key).groepCode(groep);
 *     if (t.begin()) {
 *         t.primair("D5_5.03", datum).prestatie("CO0001", datum);
 *     }
 *     t.end();
 *     Report report = s.finish();
 * }
 * </pre>
 */
public final class BulkStream implements AutoCloseable {
    private static final SpiegelLibrary LIB = Spiegel.LIB;

    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    private final SpiegelLibrary.WriteCallback callback;
    private final IOException[] thrown;
    private final StreamZorgtraject traject = new StreamZorgtraject(this);
    private final LooseMetingen loose = new LooseMetingen();
    private final Refusals refusals = new Refusals();
    private final int[] inQuarter = new int[1];
    // Reused for the trajectory's own texts: no allocation per trajectory.
    private final Packer keyText = new Packer();
    private final Packer groepText = new Packer();
    private boolean collect;
    private boolean closed;
    private SelectionCounts selection;

    private BulkStream(Pointer handle, SpiegelLibrary.WriteCallback callback, IOException[] thrown) {
        this.handle = handle;
        this.callback = callback;
        this.thrown = thrown;
        this.cleanable = Report.CLEANER.register(this, () -> LIB.spiegel_stream_free(handle));
    }

    /** A stream writing the file of {@code quarter} ("2024-Q1") to {@code path}; renamed into
     * place only by a successful {@link #finish}. */
    public static BulkStream toFile(String path, String quarter, LocalDateTime datumCreatie) {
        return toFile(path, quarter, SpiegelDate.moment(Objects.requireNonNull(datumCreatie, "datumCreatie")));
    }

    /** As {@link #toFile(String, String, LocalDateTime)}; {@code datumCreatie}
     * "YYYY-MM-DDTHH:MM:SS", or null for the local time now. */
    public static BulkStream toFile(String path, String quarter, String datumCreatie) {
        NativeBulk.ensure();
        byte[] p = Spiegel.utf8(Objects.requireNonNull(path, "path"));
        byte[] q = Spiegel.utf8(Objects.requireNonNull(quarter, "quarter"));
        byte[] d = Spiegel.optional(datumCreatie);
        PointerByReference out = new PointerByReference();
        int code = LIB.spiegel_stream_new_file(p, Spiegel.length(p), q, Spiegel.length(q), d, Spiegel.length(d), out);
        return created(code, out.getValue(), null, null);
    }

    /** A stream writing into {@code output} as records are pushed; discard what was written
     * unless {@link #finish} returns. */
    public static BulkStream toStream(OutputStream output, String quarter, LocalDateTime datumCreatie) {
        Objects.requireNonNull(output, "output");
        NativeBulk.ensure();
        byte[] q = Spiegel.utf8(Objects.requireNonNull(quarter, "quarter"));
        byte[] d = Spiegel.utf8(SpiegelDate.moment(Objects.requireNonNull(datumCreatie, "datumCreatie")));
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
        int code = LIB.spiegel_stream_new_callback(callback, null, q, Spiegel.length(q), d, Spiegel.length(d), out);
        return created(code, out.getValue(), callback, thrown);
    }

    private static BulkStream created(int code, Pointer h, SpiegelLibrary.WriteCallback callback,
            IOException[] thrown) {
        if (code != ResultCode.OK || h == null) {
            LIB.spiegel_stream_free(h);
            throw new SpiegelException(code, Refusals.inWrapperTerms(Spiegel.messageOr(Spiegel.lastError(), code)));
        }
        return new BulkStream(h, callback, thrown);
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

    /** True: refused records are counted in {@link #refusals} (and are in the report, which then
     * blocks the file) instead of throwing; {@link #finish} throws once. */
    public void setCollectRefusals(boolean collect) {
        this.collect = collect;
    }

    public Refusals refusals() {
        return refusals;
    }

    /** After {@link #finish}: what quarter selection delivered and left out (null before). */
    public SelectionCounts selection() {
        return selection;
    }

    /** The message of the last call on this stream ("" after a success). */
    public String lastError() {
        Pointer h = live();
        String text = Spiegel.readText((b, l, o) -> LIB.spiegel_stream_last_error(h, b, l, o), null);
        return text == null ? "" : Refusals.inWrapperTerms(text);
    }

    /** True: leave out child records dated after the quarter. Default false. Only before the
     * first {@link #startZorgaanbieder}. */
    public void setDropChildrenAfterQuarter(boolean drop) {
        check(LIB.spiegel_stream_set_drop_children_after_quarter(live(), drop ? 1 : 0), null);
    }

    /**
     * True: write the file all the same when records cannot be represented ("Lever alles aan wat
     * je hebt"): the trajectory a refused record belongs to (or the loose meting, or the
     * zorgaanbieder) is left out, its error becomes a warning and a {@code record-left-out}
     * info counts them. The call that refuses a record still throws. Default false: a refused
     * record blocks the file. Only before the first
     * {@link #startZorgaanbieder}.
     */
    public void setLeaveOutUnrepresentable(boolean leaveOut) {
        check(LIB.spiegel_stream_set_leave_out_unrepresentable(live(), leaveOut ? 1 : 0), null);
    }

    /** Starts the next zorgaanbieder (AGB code, 8 digits); a provider's records are contiguous. */
    public void startZorgaanbieder(String zorgaanbiederCode) {
        flushLoose();
        byte[] c = Spiegel.utf8(Objects.requireNonNull(zorgaanbiederCode, "zorgaanbiederCode"));
        check(LIB.spiegel_stream_start_zorgaanbieder(live(), c, Spiegel.length(c)), null);
    }

    /** The next trajectory of the current zorgaanbieder (the object is reused: end it first). */
    public StreamZorgtraject zorgtraject(LocalDate begindatum) {
        flushLoose();
        return traject.reset(begindatum);
    }

    /** A loose meting of the current zorgaanbieder, sent with the next call; add its items with item. */
    public LooseMetingen looseMeting(String meetinstrumentCode, LocalDate datum) {
        return loose.meting(meetinstrumentCode, datum);
    }

    /** The number of errors so far; nonzero means {@link #finish} will refuse the file. */
    public int countErrors() {
        flushLoose();
        LongByReference n = new LongByReference();
        check(LIB.spiegel_stream_count_errors(live(), n), null);
        return Math.toIntExact(n.getValue());
    }

    /** Ends the file and returns the report; throws SpiegelException (DELIVERY_HAS_ERRORS, with
     * every diagnostic) when there are errors. */
    public Report finish() {
        flushLoose();
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_stream_finish(live(), r);
        Reference.reachabilityFence(callback);
        if (thrown != null && thrown[0] != null) {
            LIB.spiegel_report_free(r.getValue());
            throw new UncheckedIOException("writing the file stopped", thrown[0]);
        }
        if (r.getValue() != null) {
            selection = SelectionCounts.read(r.getValue());
        }
        if (code == ResultCode.OK) {
            return new Report(r.getValue());
        }
        throw Spiegel.failure(code, Refusals.inWrapperTerms(Spiegel.messageOr(lastError(), code)), r.getValue());
    }

    boolean beginTraject(String vendorKey, int begindatum, int einddatum, String groepCode) {
        byte[] k = keyText.raw(vendorKey);
        byte[] g = groepText.raw(groepCode);
        inQuarter[0] = 0;
        check(NativeBulk.spiegel_stream_begin_zorgtraject_dated(live(), k, keyText.len, begindatum, einddatum,
                g, groepText.len, inQuarter), null);
        return inQuarter[0] == 1;
    }

    void endTraject(Packer children) {
        Pointer h = live();
        int added = children.len > 0
                ? NativeBulk.spiegel_stream_add_children_packed(h, children.buf, children.len)
                : ResultCode.OK;
        // The trajectory is ended whatever happened to its children.
        String message = added == ResultCode.OK ? null : lastError();
        int ended = NativeBulk.spiegel_stream_end_zorgtraject(h);
        check(added, message);
        check(ended, null);
    }

    private void flushLoose() {
        if (loose.isEmpty()) {
            return;
        }
        int code = NativeBulk.spiegel_stream_add_loose_metingen_packed(live(), loose.children.buf,
                loose.children.len);
        loose.clear();
        check(code, null);
    }

    private void check(int code, String message) {
        Reference.reachabilityFence(callback);
        if (code == ResultCode.OK) {
            return;
        }
        if (thrown != null && thrown[0] != null) {
            throw new UncheckedIOException("writing the file stopped", thrown[0]);
        }
        String text = message != null ? message : lastError();
        if (code == ResultCode.INVALID_VALUE && collect) {
            refusals.add(text);
            return;
        }
        throw new SpiegelException(code, Spiegel.messageOr(text, code));
    }
}
