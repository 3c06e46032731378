package org.tinyprune.nn.layer;

import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;

/**
 * y = max(0, min(1, alpha·x + beta)) (ONNX HardSigmoid; PyTorch's Hardsigmoid is alpha 1/6, beta
 * 1/2). The gradient is alpha strictly inside the linear part and 0 at and beyond the kinks.
 */
public final class HardSigmoid extends Pointwise implements Int8Form {
    private final float alpha;
    private final float beta;

    /** A hard sigmoid with slope {@code alpha} (non-zero) and offset {@code beta}. */
    public HardSigmoid(float alpha, float beta) {
        if (!Float.isFinite(alpha) || alpha == 0f || !Float.isFinite(beta)) {
            throw new IllegalArgumentException(
                    "HardSigmoid needs a finite non-zero alpha and a finite beta, got alpha="
                            + alpha
                            + " beta="
                            + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public String kind() {
        return "HardSigmoid";
    }

    /** Slope. */
    public float alpha() {
        return alpha;
    }

    /** Offset. */
    public float beta() {
        return beta;
    }

    @Override
    float apply(float x) {
        return Math.max(0f, Math.min(1f, alpha * x + beta));
    }

    @Override
    float derivative(float x, float y) {
        float v = alpha * x + beta;
        return v > 0f && v < 1f ? alpha : 0f;
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        return List.of(new Step("HardSigmoid", Map.of("alpha", alpha, "beta", beta), List.of()));
    }

    /** int8 HARD_SIGMOID (a table) with a float constant {@code [alpha, beta]}. */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.calibrated(OpKind.HARD_SIGMOID, Attributes.DEFAULT)
                .withConstants(ConstantInput.floats("alpha_beta", new int[] {2}, alpha, beta));
    }
}
