package nl.spiegelinformatie;

/** Severity of a diagnostic (SPIEGEL_SEVERITY_*). */
public enum Severity {
    /** Blocks the file. */
    ERROR(1),
    /** Worth a look; the file is still written. */
    WARNING(2),
    /** Something the library did (a record left out, by the rules). */
    INFO(3);

    /** The C value. */
    public final int code;

    Severity(int code) {
        this.code = code;
    }

    static Severity of(int code) {
        for (Severity s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity " + code);
    }
}
