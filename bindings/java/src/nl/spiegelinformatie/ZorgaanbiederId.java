package nl.spiegelinformatie;

/** A zorgaanbieder of a {@link TypedDelivery}: cannot be passed where a zorgtraject belongs. */
public final class ZorgaanbiederId {
    final int value;

    ZorgaanbiederId(int value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "zorgaanbieder #" + Integer.toUnsignedString(value);
    }
}
