package nl.spiegelinformatie;

/** One entry of a report, copied out of the library. Empty strings mean "none". */
public final class Diagnostic {
    public final Severity severity;
    /** Stable rule id, e.g. "agb-code", "item-not-allowed". */
    public final String rule;
    /** Where the record is, readable. */
    public final String path;
    /** Your vendor key of the trajectory. */
    public final String vendorKey;
    /** The attribute concerned. */
    public final String attribute;
    /** The offending value as given (masked, e.g. "111 *** ***", when it may hold person data). */
    public final String value;
    /** What is wrong and what is allowed. */
    public final String message;

    Diagnostic(Severity severity, String rule, String path, String vendorKey, String attribute, String value,
            String message) {
        this.severity = severity;
        this.rule = rule;
        this.path = path;
        this.vendorKey = vendorKey;
        this.attribute = attribute;
        this.value = value;
        this.message = message;
    }

    @Override
    public String toString() {
        return severity + " [" + rule + "] " + path + ": " + message;
    }
}
