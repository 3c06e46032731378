package org.tinyprune.nn.onnx;

import org.tinyprune.nn.layer.Clamp;
import org.tinyprune.nn.layer.HardSigmoid;
import org.tinyprune.nn.layer.HardSwish;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;
import org.tinyprune.nn.layer.Sigmoid;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Element-wise activations: Relu, Clip (ReLU6, ReLU, else a {@link Clamp}), Sigmoid, HardSigmoid,
 * HardSwish.
 */
final class ActivationTranslator {
    private ActivationTranslator() {}

    static void relu(NodeProto n, Translation t) {
        Attrs.of(n);
        t.add(n.getOutput(0), new ReLU(), t.activation(n, 0));
    }

    /** Clip: bounds from inputs 1, 2 (opset 11+) or attributes min, max (older opsets). */
    static void clip(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "min", "max");
        float lo = a.real("min", Float.NEGATIVE_INFINITY);
        float hi = a.real("max", Float.POSITIVE_INFINITY);
        ConstTensor min = t.optionalConstant(n, 1);
        ConstTensor max = t.optionalConstant(n, 2);
        if (min != null) {
            lo = scalar(min, "min");
        }
        if (max != null) {
            hi = scalar(max, "max");
        }
        String x = t.activation(n, 0);
        if (lo == 0f && hi == 6f) {
            t.add(n.getOutput(0), new ReLU6(), x);
        } else if (lo == 0f && hi == Float.POSITIVE_INFINITY) {
            t.add(n.getOutput(0), new ReLU(), x);
        } else if (lo < hi) {
            t.add(n.getOutput(0), new Clamp(lo, hi), x);
        } else {
            throw new Unsupported(
                    "Clip to [" + lo + ", " + hi + "] is empty or constant; min must be below max");
        }
    }

    static void sigmoid(NodeProto n, Translation t) {
        Attrs.of(n);
        t.add(n.getOutput(0), new Sigmoid(), t.activation(n, 0));
    }

    static void hardSigmoid(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "alpha", "beta");
        t.add(
                n.getOutput(0),
                new HardSigmoid(a.real("alpha", 0.2f), a.real("beta", 0.5f)),
                t.activation(n, 0));
    }

    static void hardSwish(NodeProto n, Translation t) {
        Attrs.of(n);
        t.add(n.getOutput(0), new HardSwish(), t.activation(n, 0));
    }

    private static float scalar(ConstTensor c, String what) {
        if (c.size() != 1) {
            throw new Unsupported("Clip " + what + " must be a scalar, got " + c);
        }
        return (float) c.get(0);
    }
}
