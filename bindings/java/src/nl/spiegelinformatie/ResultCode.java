package nl.spiegelinformatie;

/** The result codes of the C ABI (SPIEGEL_* in spiegelinformatie.h). */
public final class ResultCode {
    private ResultCode() {}

    public static final int OK = 0;
    public static final int NULL_ARGUMENT = 1;
    public static final int INVALID_UTF8 = 2;
    public static final int INTERIOR_NUL = 3;
    public static final int INVALID_VALUE = 4;
    public static final int NOT_FOUND = 5;
    public static final int INVALID_QUARTER = 6;
    public static final int WRONG_STATE = 7;
    public static final int INVALID_INPUT = 8;
    public static final int DELIVERY_HAS_ERRORS = 9;
    public static final int IO = 10;
    public static final int BUFFER_TOO_SMALL = 11;
    public static final int PANIC = 12;
    public static final int TOO_MANY_RECORDS = 13;
    public static final int INVALID_CODELIST = 14;
    public static final int INVALID_SCHEMA = 15;
    public static final int UNSUPPORTED = 16;
    public static final int UNKNOWN_LANGUAGE = 18;
}
