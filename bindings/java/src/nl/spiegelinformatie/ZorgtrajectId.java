package nl.spiegelinformatie;

/** A zorgtraject of a {@link TypedDelivery}: cannot be passed where a zorgaanbieder belongs. */
public final class ZorgtrajectId {
    final int value;

    ZorgtrajectId(int value) {
        this.value = value;
    }

    /** False for a trajectory refused in collect mode: adding to it is refused too. */
    public boolean isValid() {
        return value != 0;
    }

    @Override
    public String toString() {
        return "zorgtraject #" + Integer.toUnsignedString(value);
    }
}
