package nl.spiegelinformatie;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A {@link Delivery} with typed ids (a zorgaanbieder id does not compile where a zorgtraject
 * id belongs), LocalDate dates, a trajectory builder and a collect mode. Write, validate and
 * preview through {@link #delivery()}.
 */
public final class TypedDelivery implements AutoCloseable {
    private final Delivery delivery = new Delivery();
    private final DeliveryZorgtraject builder = new DeliveryZorgtraject(this);
    private final LooseMetingen loose = new LooseMetingen();
    private final Scratch scratch = new Scratch();
    private final Refusals refusals = new Refusals();
    private final int[] id = new int[1];
    private final int[] inQuarter = new int[1];
    private boolean collect;

    /** Children for a trajectory added before. */
    private static final class Scratch extends ChildBuilder<Scratch> {
    }

    public TypedDelivery(String quarter, LocalDateTime datumCreatie) {
        NativeBulk.ensure();
        delivery.setQuarter(quarter);
        delivery.setDatumCreatie(SpiegelDate.moment(Objects.requireNonNull(datumCreatie, "datumCreatie")));
    }

    /** The delivery itself: options, write, validate, preview. */
    public Delivery delivery() {
        return delivery;
    }

    @Override
    public void close() {
        delivery.close();
    }

    /** True: refused records are counted in {@link #refusals} instead of throwing. */
    public void setCollectRefusals(boolean collect) {
        this.collect = collect;
    }

    public Refusals refusals() {
        return refusals;
    }

    public ZorgaanbiederId addZorgaanbieder(String zorgaanbiederCode) {
        return new ZorgaanbiederId(delivery.addZorgaanbieder(zorgaanbiederCode));
    }

    /** A trajectory of {@code zorgaanbieder}; finish it with {@link DeliveryZorgtraject#add}. */
    public DeliveryZorgtraject zorgtraject(ZorgaanbiederId zorgaanbieder, LocalDate begindatum) {
        return builder.reset(zorgaanbieder, begindatum);
    }

    /** Adds a prestatie to a trajectory added before. */
    public void addPrestatie(ZorgtrajectId zorgtraject, String prestatieCode, LocalDate datum) {
        scratch.resetChildren();
        scratch.prestatie(prestatieCode, datum);
        check(NativeBulk.spiegel_delivery_add_children_packed(delivery.handle(),
                Objects.requireNonNull(zorgtraject, "zorgtraject").value, scratch.children.buf, scratch.children.len));
    }

    /** An empty set of loose metingen to fill and pass to {@link #addLooseMetingen}. */
    public LooseMetingen looseMetingen() {
        loose.clear();
        return loose;
    }

    public void addLooseMetingen(ZorgaanbiederId zorgaanbieder, LooseMetingen metingen) {
        check(NativeBulk.spiegel_delivery_add_loose_metingen_packed(delivery.handle(),
                Objects.requireNonNull(zorgaanbieder, "zorgaanbieder").value, metingen.children.buf,
                metingen.children.len));
        metingen.clear();
    }

    ZorgtrajectId addPacked(ZorgaanbiederId zorgaanbieder, Packer packed) {
        id[0] = 0;
        check(NativeBulk.spiegel_delivery_add_zorgtraject_packed(delivery.handle(), zorgaanbieder.value, packed.buf,
                packed.len, id, inQuarter));
        return new ZorgtrajectId(id[0]);
    }

    private void check(int code) {
        if (code == ResultCode.OK) {
            return;
        }
        String message = Refusals.inWrapperTerms(delivery.lastError());
        if (code == ResultCode.INVALID_VALUE && collect) {
            refusals.add(message);
            return;
        }
        throw new SpiegelException(code, Spiegel.messageOr(message, code));
    }
}
