package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.List;

/** A derivative as a list of (channel count, d quantity / d count) terms. */
final class Terms {
    private final List<Channels> channels = new ArrayList<>();
    private final List<Double> derivatives = new ArrayList<>();

    /** Records that the quantity grows by {@code d} per channel of {@code ch}. */
    Terms add(Channels ch, double d) {
        channels.add(ch);
        derivatives.add(d);
        return this;
    }

    /** Adds {@code scale} times these terms into the per-variable gradient {@code grad}. */
    void backprop(double scale, double[] grad) {
        for (int i = 0; i < channels.size(); i++) {
            channels.get(i).backprop(scale * derivatives.get(i), grad);
        }
    }
}
