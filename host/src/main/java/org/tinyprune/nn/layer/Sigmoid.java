package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;

/** The logistic function y = 1 / (1 + e^−x) (ONNX Sigmoid; squeeze-and-excite gates, SiLU). */
public final class Sigmoid extends Pointwise implements Int8Form {
    @Override
    public String kind() {
        return "Sigmoid";
    }

    @Override
    float apply(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    float derivative(float x, float y) {
        return y * (1f - y);
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        return List.of(Step.of("Sigmoid"));
    }

    /**
     * int8 SIGMOID (a 256-entry table from the input's to the output's calibrated quantisation).
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.calibrated(OpKind.SIGMOID, Attributes.DEFAULT);
    }
}
