package nl.spiegelinformatie;

import java.time.LocalDate;

/**
 * A trajectory on a {@link BulkStream}: set its fields by name, {@link #begin} (which says
 * whether the quarter wants it), add its children only when it does, {@link #end}. The object
 * is reused for the next trajectory.
 */
public final class StreamZorgtraject extends ChildBuilder<StreamZorgtraject> {
    private final BulkStream stream;
    private int begindatum;
    private int einddatum;
    private String vendorKey;
    private String groepCode;
    private boolean begun;
    private boolean open;

    StreamZorgtraject(BulkStream stream) {
        this.stream = stream;
    }

    StreamZorgtraject reset(LocalDate begindatum) {
        if (open) {
            throw new IllegalStateException("zorgtraject: the previous zorgtraject is still open: call end() first");
        }
        this.begindatum = SpiegelDate.toNumber(java.util.Objects.requireNonNull(begindatum, "begindatum"));
        einddatum = 0;
        vendorKey = null;
        groepCode = null;
        begun = false;
        open = true;
        resetChildren();
        return this;
    }

    /** The day the trajectory ended; null (the default) while it is open. */
    public StreamZorgtraject einddatum(LocalDate einddatum) {
        this.einddatum = SpiegelDate.toNumber(einddatum);
        return this;
    }

    /** Your own key: in diagnostics only, never in the file. */
    public StreamZorgtraject vendorKey(String vendorKey) {
        this.vendorKey = vendorKey;
        return this;
    }

    /** The location or department (groep_code) written in the file. */
    public StreamZorgtraject groepCode(String groepCode) {
        this.groepCode = groepCode;
        return this;
    }

    /**
     * Sends the trajectory's own fields. True: it is in the quarter's file, add its children.
     * False: it is not (or was refused): skip them and call {@link #end}.
     */
    public boolean begin() {
        if (!open) {
            throw new IllegalStateException("begin: start a trajectory with zorgtraject(begindatum) first");
        }
        if (begun) {
            throw new IllegalStateException("begin: this zorgtraject has begun already");
        }
        begun = true;
        return stream.beginTraject(vendorKey, begindatum, einddatum, groepCode);
    }

    /** Sends the children added and ends the trajectory (it is then selected, checked, written). */
    public void end() {
        if (!open) {
            throw new IllegalStateException("end: no zorgtraject open");
        }
        if (!begun) {
            begin();
        }
        open = false;
        stream.endTraject(children);
    }
}
