package org.tinyprune.nn.onnx;

import java.util.Arrays;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Mul;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Add of two activations of one shape → {@link Add} (residual connections); Add of a constant
 * vector to a MatMul's or Gemm's result, read by nothing else, → that {@link Dense}'s bias. Mul of
 * two activations → {@link Mul} (squeeze-and-excite's N×C×H×W · N×C×1×1, SiLU's x · sigmoid(x)).
 */
final class ElementwiseTranslator {
    private ElementwiseTranslator() {}

    static void add(NodeProto n, Translation t) {
        Attrs.of(n);
        boolean c0 = t.isConstant(n.getInput(0));
        boolean c1 = t.isConstant(n.getInput(1));
        if (c0 || c1) {
            int act = c0 ? 1 : 0;
            String x = t.activation(n, act);
            ConstTensor c = t.constant(n, 1 - act);
            if (t.layer(x) instanceof Dense d && t.readers(n.getInput(act)) == 1) {
                float[] b = DenseTranslator.biasVector(c, d.outFeatures(), n.getInput(1 - act));
                float[] bias = d.bias().values();
                for (int o = 0; o < bias.length; o++) {
                    bias[o] += b[o];
                }
                t.define(n.getOutput(0), new Translation.Activation(x));
                return;
            }
            throw new Unsupported(
                    "adding constant '"
                            + n.getInput(1 - act)
                            + "' "
                            + c
                            + " is supported only as the"
                            + " bias of a MatMul/Gemm read by nothing else");
        }
        String a = t.activation(n, 0);
        String b = t.activation(n, 1);
        if (!Arrays.equals(t.shape(a), t.shape(b))) {
            throw new Unsupported(
                    "inputs have shapes "
                            + Shapes.str(Shapes.batched(1, t.shape(a)))
                            + " and "
                            + Shapes.str(Shapes.batched(1, t.shape(b)))
                            + "; Add needs equal shapes (no broadcasting)");
        }
        t.add(n.getOutput(0), new Add(), a, b);
    }

    static void mul(NodeProto n, Translation t) {
        Attrs.of(n);
        for (int i = 0; i < 2; i++) {
            if (t.isConstant(n.getInput(i))) {
                throw new Unsupported(
                        "multiplying by constant '"
                                + n.getInput(i)
                                + "' is not supported; only the"
                                + " product of two computed tensors (squeeze-and-excite gate, SiLU)");
            }
        }
        String a = t.activation(n, 0);
        String b = t.activation(n, 1);
        int[] sa = t.shape(a);
        int[] sb = t.shape(b);
        if (sa.length != sb.length) {
            throw new Unsupported(
                    "inputs have shapes "
                            + Shapes.str(Shapes.batched(1, sa))
                            + " and "
                            + Shapes.str(Shapes.batched(1, sb))
                            + "; Mul needs equal ranks");
        }
        t.add(n.getOutput(0), new Mul(), a, b);
    }
}
