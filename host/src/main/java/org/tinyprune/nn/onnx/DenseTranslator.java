package org.tinyprune.nn.onnx;

import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Gemm and MatMul with a constant weight → {@link Dense} (weight stored {@code [out, in]}): Gemm's
 * alpha scales the weight and beta the bias, transB = 0 weights are transposed. A MatMul has no
 * bias; an Add of a constant right after it becomes the Dense bias ({@link ElementwiseTranslator}).
 */
final class DenseTranslator {
    private DenseTranslator() {}

    static void gemm(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "alpha", "beta", "transA", "transB");
        if (a.integer("transA", 0) != 0) {
            throw new Unsupported(
                    "transA=1 is not supported: the activation must be the [N, K] input A");
        }
        String x = features(n, t);
        int in = t.shape(x)[0];
        ConstTensor b = t.constant(n, 1);
        if (!b.isFloat() || b.rank() != 2) {
            throw new Unsupported(
                    "B '" + n.getInput(1) + "' must be a 2-D float constant, got " + b);
        }
        boolean transB = a.integer("transB", 0) != 0;
        int out = transB ? b.shape()[0] : b.shape()[1];
        int k = transB ? b.shape()[1] : b.shape()[0];
        if (k != in) {
            throw new Unsupported(
                    "B '"
                            + n.getInput(1)
                            + "' "
                            + Shapes.str(b.shape())
                            + (transB ? " (transB=1)" : "")
                            + " takes "
                            + k
                            + " features but the input has "
                            + in);
        }
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        Dense d = new Dense(in, out);
        float[] w = d.weight().values();
        float[] bv = b.floats();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = alpha * (transB ? bv[o * in + i] : bv[i * out + o]);
            }
        }
        ConstTensor c = t.optionalConstant(n, 2);
        if (c != null) {
            float[] bias = biasVector(c, out, n.getInput(2));
            for (int o = 0; o < out; o++) {
                d.bias().values()[o] = beta * bias[o];
            }
        }
        t.add(n.getOutput(0), d, x);
    }

    static void matMul(NodeProto n, Translation t) {
        Attrs.of(n);
        String x = features(n, t);
        int in = t.shape(x)[0];
        ConstTensor b = t.constant(n, 1);
        if (!b.isFloat() || b.rank() != 2 || b.shape()[0] != in) {
            throw new Unsupported(
                    "B '"
                            + n.getInput(1)
                            + "' must be a float ["
                            + in
                            + ", out] constant, got "
                            + b);
        }
        int out = b.shape()[1];
        Dense d = new Dense(in, out);
        float[] w = d.weight().values();
        float[] bv = b.floats();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = bv[i * out + o];
            }
        }
        t.add(n.getOutput(0), d, x);
    }

    /** Input 0 as a graph node with flat features. */
    private static String features(NodeProto n, Translation t) {
        String x = t.activation(n, 0);
        int[] s = t.shape(x);
        if (s.length != 1) {
            throw new Unsupported(
                    "input '"
                            + n.getInput(0)
                            + "' has shape "
                            + Shapes.str(Shapes.batched(1, s))
                            + "; only [N, features] inputs are supported (Flatten first)");
        }
        return x;
    }

    /** A bias of {@code out} values from a constant broadcastable to [1, out], or null. */
    static float[] biasVector(ConstTensor c, int out, String name) {
        if (!c.isFloat()) {
            throw new Unsupported("bias '" + name + "' must be float, got " + c);
        }
        int[] s = c.shape();
        boolean scalar = c.size() == 1;
        boolean row = s.length >= 1 && s[s.length - 1] == out && c.size() == out;
        if (!scalar && !row) {
            throw new Unsupported(
                    "bias '"
                            + name
                            + "' "
                            + Shapes.str(s)
                            + " does not broadcast to [1, "
                            + out
                            + "]");
        }
        float[] v = new float[out];
        for (int o = 0; o < out; o++) {
            v[o] = c.floats()[scalar ? 0 : o];
        }
        return v;
    }
}
