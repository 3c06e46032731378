package org.tinyprune.nn.layer;

/**
 * ReLU clipped at 6, y = min(max(x, 0), 6) (MobileNet's activation; an int8 output clamp on
 * device).
 */
public final class ReLU6 extends Activation {
    /** A ReLU6. */
    public ReLU6() {
        super(6f);
    }

    @Override
    public String kind() {
        return "ReLU6";
    }
}
