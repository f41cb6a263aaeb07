package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.lang.ref.Cleaner;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The diagnostics of one validation or write: a read-only list of {@link Diagnostic}, read from
 * the library on access. Safe to read from several threads. Close it (try-with-resources);
 * a forgotten report is freed when it is garbage collected.
 */
public final class Report extends AbstractList<Diagnostic> implements AutoCloseable, RandomAccess {
    static final Cleaner CLEANER = Cleaner.create();

    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    Report(Pointer handle) {
        this.handle = handle;
        this.cleanable = CLEANER.register(this, () -> Spiegel.LIB.spiegel_report_free(handle));
    }

    /** The raw spiegel_report pointer, for calls to {@link SpiegelLibrary}. */
    public Pointer handle() {
        live();
        return handle;
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    private void live() {
        if (closed) {
            throw new IllegalStateException("the report is closed");
        }
    }

    /**
     * Sets the language of the messages, paths, summary and exports (a report starts in the
     * language of the delivery or stream it came from).
     */
    public void setLanguage(Language language) {
        live();
        Spiegel.check(Spiegel.LIB.spiegel_report_set_language(handle, language.code));
    }

    /**
     * Number of entries, all severities: identical diagnostics are one entry, see
     * {@link #occurrences(int)}.
     */
    @Override
    public int size() {
        live();
        LongByReference n = new LongByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_count(handle, n));
        return Math.toIntExact(n.getValue());
    }

    /** How many times the diagnostic of entry {@code index} occurred (at least 1). */
    public long occurrences(int index) {
        live();
        LongByReference n = new LongByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_occurrences(handle, index, n));
        return n.getValue();
    }

    /** The first places entry {@code index} occurred (at most 5; the first is its path). */
    public List<String> locations(int index) {
        live();
        LongByReference n = new LongByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_location_count(handle, index, n));
        List<String> places = new ArrayList<>();
        for (long j = 0; j < n.getValue(); j++) {
            long at = j;
            places.add(field((b, l, o) -> Spiegel.LIB.spiegel_report_location(handle, index, at, b, l, o)));
        }
        return places;
    }

    /** Diagnostics counted but not kept (past the report's 10,000 entries). */
    public long notListed() {
        live();
        LongByReference n = new LongByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_not_listed(handle, n));
        return n.getValue();
    }

    /** Number of diagnostics of one severity, every occurrence counted. */
    public int count(Severity severity) {
        live();
        LongByReference n = new LongByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_count_severity(handle, severity.code, n));
        return Math.toIntExact(n.getValue());
    }

    public int errors() {
        return count(Severity.ERROR);
    }

    public int warnings() {
        return count(Severity.WARNING);
    }

    /** Diagnostic {@code index} (0-based); SpiegelException NOT_FOUND past the end. */
    @Override
    public Diagnostic get(int index) {
        live();
        int size = size();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", the report has " + size + " diagnostics");
        }
        IntByReference severity = new IntByReference();
        Spiegel.check(Spiegel.LIB.spiegel_report_severity(handle, index, severity));
        return new Diagnostic(Severity.of(severity.getValue()),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_rule(handle, index, b, l, o)),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_path(handle, index, b, l, o)),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_vendor_key(handle, index, b, l, o)),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_attribute(handle, index, b, l, o)),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_value(handle, index, b, l, o)),
                field((b, l, o) -> Spiegel.LIB.spiegel_report_message(handle, index, b, l, o)));
    }

    private String field(Spiegel.TextCall call) {
        return Spiegel.threadText(call);
    }

    /** Every diagnostic, copied (usable after close). */
    public List<Diagnostic> toList() {
        return new ArrayList<>(this);
    }

    /** The diagnostics as CSV (header row, one diagnostic per row). */
    public String toCsv() {
        live();
        return Spiegel.threadText((b, l, o) -> Spiegel.LIB.spiegel_report_csv(handle, b, l, o));
    }

    /** The report as JSON. */
    public String toJson() {
        live();
        return Spiegel.threadText((b, l, o) -> Spiegel.LIB.spiegel_report_json(handle, b, l, o));
    }

    /** A readable summary; the info lines too when {@code withInfo}. */
    public String summary(boolean withInfo) {
        live();
        int info = withInfo ? 1 : 0;
        return Spiegel.threadText((b, l, o) -> Spiegel.LIB.spiegel_report_summary(handle, info, b, l, o));
    }

    /** Writes the CSV export to {@code path}, atomically. */
    public void writeCsv(String path) {
        live();
        byte[] p = Spiegel.utf8(path);
        Spiegel.check(Spiegel.LIB.spiegel_report_write_csv(handle, p, Spiegel.length(p)));
    }

    /** Writes the JSON export to {@code path}, atomically. */
    public void writeJson(String path) {
        live();
        byte[] p = Spiegel.utf8(path);
        Spiegel.check(Spiegel.LIB.spiegel_report_write_json(handle, p, Spiegel.length(p)));
    }
}
