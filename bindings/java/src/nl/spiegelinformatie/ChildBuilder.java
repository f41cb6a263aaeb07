package nl.spiegelinformatie;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The children of one zorgtraject (or loose metingen), packed as they are added; dates as
 * LocalDate, or as "YYYY-MM-DD" strings. Items belong to the last meting before them.
 *
 * @param <T> the builder itself, for chaining
 */
public abstract class ChildBuilder<T extends ChildBuilder<T>> {
    final Packer children = new Packer();
    private boolean meting;

    ChildBuilder() {
    }

    void resetChildren() {
        children.len = 0;
        meting = false;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    private static <V> V required(V value, String method, String name) {
        return Objects.requireNonNull(value, () -> method + ": " + name + " is required");
    }

    public T primair(String diagnoseCode, LocalDate datum) {
        children.u8(1);
        children.text(required(diagnoseCode, "primair", "diagnoseCode"));
        children.u32(SpiegelDate.toNumber(required(datum, "primair", "datum")));
        return self();
    }

    public T primair(String diagnoseCode, String datum) {
        return primair(diagnoseCode, SpiegelDate.parse(datum, "primair", "datum"));
    }

    public T neven(String diagnoseCode) {
        children.u8(2);
        children.text(required(diagnoseCode, "neven", "diagnoseCode"));
        return self();
    }

    /** Either code may be null, not both. */
    public T zorgvraagtypering(String zorgvraagtypeCodeHonos, String zorgvraagtypeCode, LocalDate datum) {
        children.u8(3);
        children.text(zorgvraagtypeCodeHonos);
        children.text(zorgvraagtypeCode);
        children.u32(SpiegelDate.toNumber(required(datum, "zorgvraagtypering", "datum")));
        return self();
    }

    public T zorgvraagtypering(String zorgvraagtypeCodeHonos, String zorgvraagtypeCode, String datum) {
        return zorgvraagtypering(zorgvraagtypeCodeHonos, zorgvraagtypeCode,
                SpiegelDate.parse(datum, "zorgvraagtypering", "datum"));
    }

    public T prestatie(String prestatieCode, LocalDate datum) {
        children.u8(4);
        children.text(required(prestatieCode, "prestatie", "prestatieCode"));
        children.u32(SpiegelDate.toNumber(required(datum, "prestatie", "datum")));
        return self();
    }

    public T prestatie(String prestatieCode, String datum) {
        return prestatie(prestatieCode, SpiegelDate.parse(datum, "prestatie", "datum"));
    }

    /** A meting; the item calls after it add its items. */
    public T meting(String meetinstrumentCode, LocalDate datum) {
        children.u8(5);
        children.text(required(meetinstrumentCode, "meting", "meetinstrumentCode"));
        children.u32(SpiegelDate.toNumber(required(datum, "meting", "datum")));
        meting = true;
        return self();
    }

    public T meting(String meetinstrumentCode, String datum) {
        return meting(meetinstrumentCode, SpiegelDate.parse(datum, "meting", "datum"));
    }

    /** An item of the last meting. */
    public T item(String itemCode, String score) {
        if (!meting) {
            throw new IllegalStateException("item: call meting first; an item belongs to the last meting");
        }
        children.u8(6);
        children.text(required(itemCode, "item", "itemCode"));
        children.text(required(score, "item", "score"));
        return self();
    }
}
