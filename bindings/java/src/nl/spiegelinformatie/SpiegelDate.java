package nl.spiegelinformatie;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Dates as the bulk functions take them (int YYYYMMDD, 0 = absent) and as the library writes them. */
public final class SpiegelDate {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private SpiegelDate() {
    }

    /** YYYYMMDD of {@code date}; null is absent: 0. */
    public static int toNumber(LocalDate date) {
        return date == null ? 0 : date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    /** datum_creatie as the library wants it, always with seconds (never LocalDateTime.toString()). */
    public static String moment(LocalDateTime moment) {
        return MOMENT.format(moment);
    }

    /** "YYYY-MM-DD" as a date; anything else throws naming {@code method} and {@code parameter}. */
    public static LocalDate parse(String text, String method, String parameter) {
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(method + ": " + parameter + " '" + text + "' is not a date YYYY-MM-DD", e);
        }
    }
}
