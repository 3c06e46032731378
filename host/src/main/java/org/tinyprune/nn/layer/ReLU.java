package org.tinyprune.nn.layer;

/** Rectified linear unit, y = max(x, 0); the gradient at 0 is taken as 0. */
public final class ReLU extends Activation {
    /** A ReLU. */
    public ReLU() {
        super(Float.POSITIVE_INFINITY);
    }

    @Override
    public String kind() {
        return "ReLU";
    }
}
