package org.tinyprune.nn.layer;

import java.util.List;

/** The logistic function y = 1 / (1 + e^−x) (ONNX Sigmoid; squeeze-and-excite gates, SiLU). */
public final class Sigmoid extends Pointwise {
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
}
