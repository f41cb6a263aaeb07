package nl.spiegelinformatie;

/**
 * The language of messages, summaries and exports (SPIEGEL_LANG_* in spiegelinformatie.h). Rule
 * ids, CSV headers and JSON keys are the same in every language.
 */
public enum Language {
    ENGLISH(0),
    DUTCH(1);

    /** The SPIEGEL_LANG_* code. */
    public final int code;

    Language(int code) {
        this.code = code;
    }
}
