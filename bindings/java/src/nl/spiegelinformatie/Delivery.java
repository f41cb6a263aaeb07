package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A delivery being built, one record per call. Close it (try-with-resources); a forgotten one
 * is freed when garbage collected. Not thread-safe: use one Delivery from one thread at a
 * time (different deliveries may be used on different threads at once).
 *
 * <p>Absent optional texts are {@code null}. Ids are the library's uint32 ids as {@code int}.
 * Every failure throws {@link SpiegelException} with the code and the library's message.
 */
public final class Delivery implements AutoCloseable {
    private static final SpiegelLibrary LIB = Spiegel.LIB;

    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /** An empty delivery. Checks the library's ABI version on first use. */
    public Delivery() {
        Spiegel.ensureAbi();
        PointerByReference out = new PointerByReference();
        int code = LIB.spiegel_delivery_new(out);
        if (code != ResultCode.OK) {
            throw new SpiegelException(code, Spiegel.messageOr(Spiegel.lastError(), code));
        }
        Pointer h = out.getValue();
        handle = h;
        cleanable = Report.CLEANER.register(this, () -> LIB.spiegel_delivery_free(h));
    }

    /** The raw spiegel_delivery pointer, for calls to {@link SpiegelLibrary}. */
    public Pointer handle() {
        return live();
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    private Pointer live() {
        if (closed) {
            throw new IllegalStateException("the delivery is closed");
        }
        return handle;
    }

    /** The message of the last call on this delivery ("" after a success). */
    public String lastError() {
        Pointer h = live();
        String text = Spiegel.readText((b, l, o) -> LIB.spiegel_delivery_last_error(h, b, l, o), null);
        return text == null ? "" : text;
    }

    private void check(int code) {
        if (code != ResultCode.OK) {
            throw new SpiegelException(code, Spiegel.messageOr(lastError(), code));
        }
    }

    private static byte[] required(String value, String name) {
        return Spiegel.utf8(Objects.requireNonNull(value, name));
    }

    /** Optional text: null and "" both mean absent. */
    private static byte[] optional(String value) {
        return Spiegel.optional(value);
    }

    private static long len(byte[] utf8) {
        return Spiegel.length(utf8);
    }

    /** Sets the quarter: "2024-Q1" (also "2024Q1", "2024-q1"). */
    public void setQuarter(String quarter) {
        byte[] q = required(quarter, "quarter");
        check(LIB.spiegel_delivery_set_quarter(live(), q, len(q)));
    }

    /** Sets the quarter from numbers: year 1000..9999, number 1..4. */
    public void setQuarter(int year, int number) {
        check(LIB.spiegel_delivery_set_quarter_number(live(), year, number));
    }

    /** Fixes datum_creatie: "YYYY-MM-DDTHH:MM:SS" (local time, no offset). */
    public void setDatumCreatie(String datumCreatie) {
        byte[] d = required(datumCreatie, "datumCreatie");
        check(LIB.spiegel_delivery_set_datum_creatie(live(), d, len(d)));
    }

    /** Fixes datum_creatie (to the second). */
    public void setDatumCreatie(LocalDateTime datumCreatie) {
        setDatumCreatie(datumCreatie.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")));
    }

    /** True: leave out child records dated after the quarter. Default false. */
    public void setDropChildrenAfterQuarter(boolean drop) {
        check(LIB.spiegel_delivery_set_drop_children_after_quarter(live(), drop ? 1 : 0));
    }

    /**
     * True: write the file all the same when records cannot be represented ("Lever alles aan wat
     * je hebt"): the trajectory a refused record belongs to (or the loose meting, or the
     * zorgaanbieder) is left out, its error becomes a warning and a {@code record-left-out}
     * info counts them. The call that refuses a record still throws. Default false: a refused
     * record blocks the file.
     */
    public void setLeaveOutUnrepresentable(boolean leaveOut) {
        check(LIB.spiegel_delivery_set_leave_out_unrepresentable(live(), leaveOut ? 1 : 0));
    }

    /**
     * The language of {@link #lastError()}, of exception messages and of the reports this
     * delivery hands out from now on. Default English.
     */
    public void setLanguage(Language language) {
        check(LIB.spiegel_delivery_set_language(live(), language.code));
    }

    /** Adds a zorgaanbieder (AGB code, 8 digits); returns its id. */
    public int addZorgaanbieder(String zorgaanbiederCode) {
        byte[] c = required(zorgaanbiederCode, "zorgaanbiederCode");
        IntByReference id = new IntByReference();
        check(LIB.spiegel_delivery_add_zorgaanbieder(live(), c, len(c), id));
        return id.getValue();
    }

    /**
     * Adds a zorgtraject; returns its id. {@code vendorKey}, {@code einddatum} and
     * {@code groepCode} are optional (null). Dates are "YYYY-MM-DD".
     */
    public int addZorgtraject(int zorgaanbiederId, String vendorKey, String begindatum, String einddatum,
            String groepCode) {
        byte[] k = optional(vendorKey);
        byte[] b = required(begindatum, "begindatum");
        byte[] e = optional(einddatum);
        byte[] g = optional(groepCode);
        IntByReference id = new IntByReference();
        check(LIB.spiegel_delivery_add_zorgtraject(live(), zorgaanbiederId, k, len(k), b, len(b), e, len(e), g,
                len(g), id));
        return id.getValue();
    }

    /** Adds a primary diagnosis (DSM-5 code, established on datum). */
    public void addPrimair(int zorgtrajectId, String diagnoseCode, String datum) {
        byte[] c = required(diagnoseCode, "diagnoseCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_delivery_add_primair(live(), zorgtrajectId, c, len(c), d, len(d)));
    }

    /** Adds a secondary diagnosis (DSM-5 code). */
    public void addNeven(int zorgtrajectId, String diagnoseCode) {
        byte[] c = required(diagnoseCode, "diagnoseCode");
        check(LIB.spiegel_delivery_add_neven(live(), zorgtrajectId, c, len(c)));
    }

    /** Adds a zorgvraagtypering; either code may be null, not both. */
    public void addZorgvraagtypering(int zorgtrajectId, String zorgvraagtypeCodeHonos, String zorgvraagtypeCode,
            String datum) {
        byte[] h = optional(zorgvraagtypeCodeHonos);
        byte[] c = optional(zorgvraagtypeCode);
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_delivery_add_zorgvraagtypering(live(), zorgtrajectId, h, len(h), c, len(c), d, len(d)));
    }

    /** Adds a prestatie. */
    public void addPrestatie(int zorgtrajectId, String prestatieCode, String datum) {
        byte[] c = required(prestatieCode, "prestatieCode");
        byte[] d = required(datum, "datum");
        check(LIB.spiegel_delivery_add_prestatie(live(), zorgtrajectId, c, len(c), d, len(d)));
    }

    /** Adds a meting linked to a zorgtraject; returns its id (for addItem). */
    public int addMeting(int zorgtrajectId, String meetinstrumentCode, String datum) {
        byte[] c = required(meetinstrumentCode, "meetinstrumentCode");
        byte[] d = required(datum, "datum");
        IntByReference id = new IntByReference();
        check(LIB.spiegel_delivery_add_meting(live(), zorgtrajectId, c, len(c), d, len(d), id));
        return id.getValue();
    }

    /** Adds a loose meting (no trajectory) to a zorgaanbieder; returns its id. */
    public int addLooseMeting(int zorgaanbiederId, String meetinstrumentCode, String datum) {
        byte[] c = required(meetinstrumentCode, "meetinstrumentCode");
        byte[] d = required(datum, "datum");
        IntByReference id = new IntByReference();
        check(LIB.spiegel_delivery_add_loose_meting(live(), zorgaanbiederId, c, len(c), d, len(d), id));
        return id.getValue();
    }

    /** Adds an item; items outside the allowed list are left out of the file with a warning. */
    public void addItem(int metingId, String itemCode, String score) {
        byte[] c = required(itemCode, "itemCode");
        byte[] s = required(score, "score");
        check(LIB.spiegel_delivery_add_item(live(), metingId, c, len(c), s, len(s)));
    }

    /** Adds the records of a whole JSON delivery (they get no ids). */
    public void loadJson(String json) {
        byte[] j = required(json, "json");
        check(LIB.spiegel_delivery_load_json(live(), j, len(j)));
    }

    /**
     * Adds the records of a JSON Lines delivery (one record per line; they get no ids). For
     * files too large for memory use {@link StreamingDelivery}.
     */
    public void loadJsonLines(String jsonl) {
        byte[] j = required(jsonl, "jsonl");
        check(LIB.spiegel_delivery_load_jsonl(live(), j, len(j)));
    }

    /**
     * Loads code lists from a directory (every *.csv replaces the bundled list it names) or one
     * list file (replaces that list only). On an error nothing changes.
     */
    public void loadCodeLists(String path) {
        byte[] p = required(path, "path");
        check(LIB.spiegel_delivery_load_codelists(live(), p, len(p)));
    }

    /** Loads one code list from the contents of a list file (it replaces the list its "# list:" line names). */
    public void loadCodeListText(String text) {
        byte[] t = required(text, "text");
        check(LIB.spiegel_delivery_load_codelist_buffer(live(), t, len(t)));
    }

    /** Sets the organisation structure from a file (one groep_code per line). */
    public void loadOrganisatie(String path) {
        byte[] p = required(path, "path");
        check(LIB.spiegel_delivery_load_organisatie(live(), p, len(p)));
    }

    /** Sets the organisation structure from text (one groep_code per line). */
    public void loadOrganisatieText(String text) {
        byte[] t = required(text, "text");
        check(LIB.spiegel_delivery_load_organisatie_buffer(live(), t, len(t)));
    }

    /**
     * What the PVM will share of the file of the delivery's quarter, per groep_code, in a
     * {@link PreviewFormat}; {@code details} adds every trajectory (text, JSON). Throws
     * DELIVERY_HAS_ERRORS when records were refused.
     */
    public String preview(int format, boolean details) {
        Pointer h = live();
        int d = details ? 1 : 0;
        return Spiegel.readText((b, l, o) -> LIB.spiegel_delivery_preview(h, format, d, b, l, o),
                code -> new SpiegelException(code, Spiegel.messageOr(lastError(), code)));
    }

    /** {@link #preview(int, boolean)} without details. */
    public String preview(int format) {
        return preview(format, false);
    }

    /** The preview written to {@code path}, atomically. */
    public void previewToFile(int format, boolean details, String path) {
        byte[] p = required(path, "path");
        check(LIB.spiegel_delivery_preview_file(live(), format, details ? 1 : 0, p, len(p)));
    }

    /** Validates without writing. Does not throw for errors in the data: see report.errors(). */
    public Report validate() {
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_delivery_validate(live(), r);
        if (code == ResultCode.OK || code == ResultCode.DELIVERY_HAS_ERRORS) {
            return new Report(r.getValue());
        }
        throw failure(code, r.getValue());
    }

    /** Writes the file to {@code path} atomically; returns the report (warnings, info). */
    public Report writeFile(String path) {
        byte[] p = required(path, "path");
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_delivery_write_file(live(), p, len(p), r);
        if (code == ResultCode.OK) {
            return new Report(r.getValue());
        }
        throw failure(code, r.getValue());
    }

    /** The file as bytes (UTF-8 XML); the report is closed. */
    public byte[] writeBuffer() {
        Report[] report = new Report[1];
        byte[] xml = writeBuffer(report);
        report[0].close();
        return xml;
    }

    /** The file as bytes; {@code reportOut[0]} receives the report (close it). */
    public byte[] writeBuffer(Report[] reportOut) {
        Pointer h = live();
        LongByReference len = new LongByReference();
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_delivery_write_buffer(h, null, 0, len, r);
        while (true) {
            if (code != ResultCode.BUFFER_TOO_SMALL) {
                throw failure(code, r.getValue());
            }
            LIB.spiegel_report_free(r.getValue());
            // One byte more than the XML, for the NUL the library appends.
            byte[] buf = new byte[Math.toIntExact(len.getValue() + 1)];
            r = new PointerByReference();
            code = LIB.spiegel_delivery_write_buffer(h, buf, buf.length, len, r);
            if (code == ResultCode.OK) {
                reportOut[0] = new Report(r.getValue());
                return java.util.Arrays.copyOf(buf, (int) len.getValue());
            }
        }
    }

    /**
     * Writes the file into {@code stream} in pieces (up to 64 KiB); returns the report. An
     * IOException from the stream stops the write and is rethrown as UncheckedIOException.
     */
    public Report writeTo(OutputStream stream) {
        Objects.requireNonNull(stream, "stream");
        IOException[] thrown = new IOException[1];
        // A local variable keeps the callback reachable for the whole call.
        SpiegelLibrary.WriteCallback callback = (user, data, n) -> {
            try {
                stream.write(data.getByteArray(0, Math.toIntExact(n)));
                return 0;
            } catch (IOException e) {
                thrown[0] = e;
                return 1;
            }
        };
        PointerByReference r = new PointerByReference();
        int code = LIB.spiegel_delivery_write_callback(live(), callback, null, r);
        java.lang.ref.Reference.reachabilityFence(callback);
        if (thrown[0] != null) {
            LIB.spiegel_report_free(r.getValue());
            throw new UncheckedIOException("writing the file stopped", thrown[0]);
        }
        if (code == ResultCode.OK) {
            return new Report(r.getValue());
        }
        throw failure(code, r.getValue());
    }

    /** The exception for a failed write/validate, with the report's diagnostics copied in. */
    private SpiegelException failure(int code, Pointer report) {
        return Spiegel.failure(code, Spiegel.messageOr(lastError(), code), report);
    }
}
