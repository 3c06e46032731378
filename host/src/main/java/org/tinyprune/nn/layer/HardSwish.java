package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;

/**
 * y = x · max(0, min(1, x/6 + 1/2)) (ONNX HardSwish, opset 14; MobileNetV3). The gradient is 0
 * below −3, 1 above 3, and (2x + 3)/6 between.
 */
public final class HardSwish extends Pointwise implements Int8Form {
    @Override
    public String kind() {
        return "HardSwish";
    }

    @Override
    float apply(float x) {
        return x * Math.max(0f, Math.min(1f, x / 6f + 0.5f));
    }

    @Override
    float derivative(float x, float y) {
        return x <= -3f ? 0f : x >= 3f ? 1f : (2f * x + 3f) / 6f;
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        return List.of(Step.of("HardSwish"));
    }

    /** ONNX HardSwish exists from opset 14. */
    @Override
    public int minOpset() {
        return 14;
    }

    /** int8 HARD_SWISH (a table). */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.calibrated(OpKind.HARD_SWISH, Attributes.DEFAULT);
    }
}
