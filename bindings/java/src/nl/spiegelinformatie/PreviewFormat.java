package nl.spiegelinformatie;

/** The preview formats (SPIEGEL_PREVIEW_* in spiegelinformatie.h). */
public final class PreviewFormat {
    private PreviewFormat() {}

    /** A readable text table. */
    public static final int TEXT = 1;
    /** JSON (keys kwartaal, drempel, groepen, losse_metingen). */
    public static final int JSON = 2;
    /** CSV, one row per groep_code. */
    public static final int CSV = 3;
    /** A self-contained HTML page with a bar chart per groep_code. */
    public static final int HTML = 4;
}
