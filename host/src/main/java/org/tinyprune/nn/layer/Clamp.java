package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;

/**
 * y = min(max(x, min), max) for bounds other than ReLU's and ReLU6's (ONNX Clip with constant
 * bounds; either may be infinite). The gradient is 1 strictly between the bounds, 0 elsewhere.
 */
public final class Clamp extends Pointwise implements Int8Form {
    private final float min;
    private final float max;

    /** A clamp to [min, max] (min &lt; max, either may be infinite). */
    public Clamp(float min, float max) {
        if (Float.isNaN(min) || Float.isNaN(max) || !(min < max)) {
            throw new IllegalArgumentException(
                    "Clamp needs min < max, got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public String kind() {
        return "Clamp";
    }

    /** Lower bound (may be −infinity). */
    public float min() {
        return min;
    }

    /** Upper bound (may be +infinity). */
    public float max() {
        return max;
    }

    @Override
    float apply(float x) {
        return Math.min(Math.max(x, min), max);
    }

    @Override
    float derivative(float x, float y) {
        return x > min && x < max ? 1f : 0f;
    }

    /** Clip with scalar bounds as inputs; an infinite bound is left out. */
    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        if (max == Float.POSITIVE_INFINITY) {
            return List.of(
                    new Step(
                            "Clip",
                            java.util.Map.of(),
                            List.of(Constant.floats("min", new int[0], min))));
        }
        float lo = min == Float.NEGATIVE_INFINITY ? -Float.MAX_VALUE : min;
        return List.of(
                new Step(
                        "Clip",
                        java.util.Map.of(),
                        List.of(
                                Constant.floats("min", new int[0], lo),
                                Constant.floats("max", new int[0], max))));
    }

    /**
     * int8 CLAMP to {@code [min, max]}: standalone, its output keeps its input's quantisation (the
     * clamped range lies inside the input's); fused as the output clamp of a producer that takes an
     * activation when it is that producer's only reader.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(
                OpKind.CLAMP, Attributes.DEFAULT.withClamp(new org.tinyprune.ir.Clamp(min, max)));
    }
}
