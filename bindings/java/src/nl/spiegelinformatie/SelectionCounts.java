package nl.spiegelinformatie;

import com.sun.jna.Pointer;
import java.util.Objects;

/** What quarter selection delivered and left out, and why (the counts of a report). */
public final class SelectionCounts {
    private final long[] counts = new long[10];

    private SelectionCounts() {
    }

    /** The counts of {@code report}. */
    public static SelectionCounts of(Report report) {
        return read(Objects.requireNonNull(report, "report").handle());
    }

    static SelectionCounts read(Pointer report) {
        NativeBulk.ensure();
        SelectionCounts s = new SelectionCounts();
        long[] out = new long[1];
        for (int which = 1; which <= 9; which++) {
            Spiegel.check(NativeBulk.spiegel_report_selection_count(report, which, out));
            s.counts[which] = out[0];
        }
        return s;
    }

    public long zorgtrajectenClosed() {
        return counts[1];
    }

    public long zorgtrajectenOpen() {
        return counts[2];
    }

    public long einddatumLeftOut() {
        return counts[3];
    }

    public long zorgtrajectenEndedBefore() {
        return counts[4];
    }

    public long zorgtrajectenStartAfter() {
        return counts[5];
    }

    public long looseMetingenDelivered() {
        return counts[6];
    }

    public long looseMetingenLeftOut() {
        return counts[7];
    }

    public long childrenAfterQuarterLeftOut() {
        return counts[8];
    }

    public long itemsLeftOut() {
        return counts[9];
    }
}
