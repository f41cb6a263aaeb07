package nl.spiegelinformatie;

import java.time.LocalDate;

/** A trajectory for a {@link TypedDelivery}, added whole (with its children) by {@link #add}. */
public final class DeliveryZorgtraject extends ChildBuilder<DeliveryZorgtraject> {
    private final TypedDelivery delivery;
    private final Packer whole = new Packer();
    private ZorgaanbiederId zorgaanbieder;
    private int begindatum;
    private int einddatum;
    private String vendorKey;
    private String groepCode;

    DeliveryZorgtraject(TypedDelivery delivery) {
        this.delivery = delivery;
    }

    DeliveryZorgtraject reset(ZorgaanbiederId zorgaanbieder, LocalDate begindatum) {
        this.zorgaanbieder = java.util.Objects.requireNonNull(zorgaanbieder, "zorgaanbieder");
        this.begindatum = SpiegelDate.toNumber(java.util.Objects.requireNonNull(begindatum, "begindatum"));
        einddatum = 0;
        vendorKey = null;
        groepCode = null;
        resetChildren();
        return this;
    }

    public DeliveryZorgtraject einddatum(LocalDate einddatum) {
        this.einddatum = SpiegelDate.toNumber(einddatum);
        return this;
    }

    public DeliveryZorgtraject vendorKey(String vendorKey) {
        this.vendorKey = vendorKey;
        return this;
    }

    public DeliveryZorgtraject groepCode(String groepCode) {
        this.groepCode = groepCode;
        return this;
    }

    /** Adds the trajectory with its children in one call and returns its id. */
    public ZorgtrajectId add() {
        whole.len = 0;
        whole.u32(begindatum);
        whole.u32(einddatum);
        whole.text(vendorKey);
        whole.text(groepCode);
        if (whole.buf.length < whole.len + children.len) {
            whole.buf = java.util.Arrays.copyOf(whole.buf, whole.len + children.len);
        }
        System.arraycopy(children.buf, 0, whole.buf, whole.len, children.len);
        whole.len += children.len;
        return delivery.addPacked(zorgaanbieder, whole);
    }
}
