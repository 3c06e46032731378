package org.tinyprune.nn.layer;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Element-wise product of two inputs whose per-sample shapes have the same rank and, on every axis,
 * equal sizes or size 1 on one side (ONNX Mul with that broadcast): the squeeze-and-excite gate
 * C×H×W · C×1×1, and SiLU's x · sigmoid(x) (equal shapes). The backward pass sums each input's
 * gradient over the axes it was broadcast along.
 */
public final class Mul extends Layer implements OnnxForm, Int8Form {
    private Tensor output;
    private Tensor[] gradInputs = new Tensor[2];
    private int[] cachedShapeA = new int[0];
    private int[] cachedShapeB = new int[0];
    private int[] outShape = new int[0];
    private int[] mapA = new int[0];
    private int[] mapB = new int[0];

    @Override
    public String kind() {
        return "Mul";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.TIES;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 2);
        return broadcast(inputShapes.get(0), inputShapes.get(1));
    }

    private static int[] broadcast(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "Mul inputs must have the same rank, got "
                            + Shapes.str(a)
                            + " and "
                            + Shapes.str(b));
        }
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1) {
                throw new IllegalArgumentException(
                        "Mul inputs "
                                + Shapes.str(a)
                                + " and "
                                + Shapes.str(b)
                                + " do not broadcast: each axis needs equal sizes or size 1 on one side");
            }
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    /** For each per-sample output element, the element of an input of shape {@code in} it reads. */
    private static int[] map(int[] in, int[] out) {
        int size = Shapes.size(out);
        int[] m = new int[size];
        for (int i = 0; i < size; i++) {
            int rem = i;
            int idx = 0;
            int stride = 1;
            for (int d = out.length - 1; d >= 0; d--) {
                int coord = rem % out[d];
                rem /= out[d];
                idx += (in[d] == 1 ? 0 : coord) * stride;
                stride *= in[d];
            }
            m[i] = idx;
        }
        return m;
    }

    private void prepare(int[] a, int[] b) {
        if (!Arrays.equals(a, cachedShapeA) || !Arrays.equals(b, cachedShapeB)) {
            outShape = broadcast(a, b);
            mapA = map(a, outShape);
            mapB = map(b, outShape);
            cachedShapeA = a.clone();
            cachedShapeB = b.clone();
        }
    }

    private static int[] sample(Tensor t) {
        int[] s = t.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        prepare(sample(a), sample(b));
        int n = a.dim(0);
        output = Tensor.reuse(output, Shapes.batched(n, outShape));
        float[] ad = a.data();
        float[] bd = b.data();
        float[] yd = output.data();
        int size = Shapes.size(outShape);
        int sa = a.sampleSize();
        int sb = b.sampleSize();
        int[] ma = mapA;
        int[] mb = mapB;
        Parallel.run(
                n,
                (s, w) -> {
                    for (int i = 0; i < size; i++) {
                        yd[s * size + i] = ad[s * sa + ma[i]] * bd[s * sb + mb[i]];
                    }
                });
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        prepare(sample(a), sample(b));
        int n = a.dim(0);
        int size = gradOutput.sampleSize();
        int sa = a.sampleSize();
        int sb = b.sampleSize();
        float[] ad = a.data();
        float[] bd = b.data();
        float[] dy = gradOutput.data();
        Tensor[] result = new Tensor[2];
        for (int k = 0; k < 2; k++) {
            if (!needInputGrad[k]) {
                continue;
            }
            Tensor self = inputs[k];
            gradInputs[k] = Tensor.reuse(gradInputs[k], self.shape());
            gradInputs[k].zero();
            float[] dx = gradInputs[k].data();
            float[] other = k == 0 ? bd : ad;
            int[] mSelf = k == 0 ? mapA : mapB;
            int[] mOther = k == 0 ? mapB : mapA;
            int sSelf = k == 0 ? sa : sb;
            int sOther = k == 0 ? sb : sa;
            Parallel.run(
                    n,
                    (s, w) -> {
                        for (int i = 0; i < size; i++) {
                            dx[s * sSelf + mSelf[i]] +=
                                    dy[s * size + i] * other[s * sOther + mOther[i]];
                        }
                    });
            result[k] = gradInputs[k];
        }
        return result;
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        return List.of(Step.of("Mul"));
    }

    /**
     * int8 MUL (rescaled to its own calibrated range), the factor with the output's shape first:
     * the other one has the same shape (SiLU), one element, or one per channel (squeeze and
     * excite). Takes a fused activation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        int[] out = outputShape(inputShapes);
        Lowering mul = Lowering.calibrated(OpKind.MUL, Attributes.DEFAULT).takingActivation();
        if (Arrays.equals(inputShapes.get(0), out)) {
            return mul;
        }
        if (Arrays.equals(inputShapes.get(1), out)) {
            return mul.withInputs(1, 0);
        }
        throw new IllegalArgumentException(
                "int8 MUL broadcasts only one factor, but neither "
                        + Shapes.str(inputShapes.get(0))
                        + " nor "
                        + Shapes.str(inputShapes.get(1))
                        + " has the output's shape "
                        + Shapes.str(out));
    }
}
