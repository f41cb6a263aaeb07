package nl.spiegelinformatie;

/** Loose metingen (not linked to a trajectory) with their items. */
public final class LooseMetingen extends ChildBuilder<LooseMetingen> {
    LooseMetingen() {
    }

    boolean isEmpty() {
        return children.len == 0;
    }

    void clear() {
        resetChildren();
    }
}
