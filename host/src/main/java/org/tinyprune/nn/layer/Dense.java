package org.tinyprune.nn.layer;

import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;

/**
 * Fully connected layer y = x·Wᵀ + b on N×F input. Weight {@code [out, in]} (the ONNX Gemm layout
 * with transB = 1), bias {@code [out]}. Initialised He-normal (fan-in), bias zero.
 */
public final class Dense extends Layer implements Int8Form {
    private final int inFeatures;
    private final int outFeatures;
    private final Param weight;
    private final Param bias;
    private Tensor output;
    private Tensor gradInput;

    /** Row offsets {@code i·inFeatures} of the row-major operands (weights, input batch). */
    private int[] rows = new int[0];

    /** A dense layer from {@code inFeatures} to {@code outFeatures}. */
    public Dense(int inFeatures, int outFeatures) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException(
                    "Dense: features must be >= 1, got in=" + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = Param.trainable("weight", true, outFeatures, inFeatures);
        this.bias = Param.trainable("bias", false, outFeatures);
    }

    @Override
    public String kind() {
        return "Dense";
    }

    /** Input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Output features. */
    public int outFeatures() {
        return outFeatures;
    }

    /** Weight {@code [out, in]}. */
    public Param weight() {
        return weight;
    }

    /** Bias {@code [out]}. */
    public Param bias() {
        return bias;
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void init(SplittableRandom rng) {
        double std = Math.sqrt(2.0 / inFeatures);
        float[] w = weight.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextGaussian() * std);
        }
        java.util.Arrays.fill(bias.values(), 0f);
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = inputShapes.get(0);
        if (s.length != 1 || s[0] != inFeatures) {
            throw new IllegalArgumentException(
                    "Dense expects "
                            + inFeatures
                            + " flat input features, got "
                            + Shapes.str(s)
                            + (s.length != 1 ? "; add Flatten first" : ""));
        }
        return new int[] {outFeatures};
    }

    @Override
    public long macs(List<int[]> inputShapes) {
        return (long) inFeatures * outFeatures;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CREATES;
    }

    @Override
    public Dense keepChannels(int[] keepIn, int[] keepOut) {
        return selectFeatures(keepIn, keepOut);
    }

    /**
     * A copy keeping the given input features and output units, for pruning (when the previous
     * layer loses channels, the kept features are those of the kept channels).
     */
    public Dense selectFeatures(int[] keepIn, int[] keepOut) {
        Dense d = new Dense(keepIn.length, keepOut.length);
        for (int o = 0; o < keepOut.length; o++) {
            int so = Selection.index(keepOut[o], outFeatures, "output feature");
            for (int i = 0; i < keepIn.length; i++) {
                d.weight.values()[o * keepIn.length + i] =
                        weight.values()[
                                so * inFeatures
                                        + Selection.index(keepIn[i], inFeatures, "input feature")];
            }
            d.bias.values()[o] = bias.values()[so];
        }
        return d;
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        output = Tensor.reuse(output, n, outFeatures);
        float[] y = output.data();
        float[] b = bias.values();
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, y, s * outFeatures, outFeatures);
        }
        Gemm.nt(
                n,
                outFeatures,
                inFeatures,
                x.data(),
                0,
                inFeatures,
                weight.values(),
                0,
                rows(n),
                y,
                0,
                outFeatures);
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        float[] dy = gradOutput.data();
        Gemm.nn(
                outFeatures,
                inFeatures,
                n,
                dy,
                0,
                1,
                outFeatures,
                x.data(),
                0,
                rows(n),
                weight.grads(),
                0,
                inFeatures);
        float[] db = bias.grads();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outFeatures; o++) {
                db[o] += dy[s * outFeatures + o];
            }
        }
        if (!needInputGrad[0]) {
            return new Tensor[] {null};
        }
        gradInput = Tensor.reuse(gradInput, n, inFeatures);
        gradInput.zero();
        Gemm.nn(
                n,
                inFeatures,
                outFeatures,
                dy,
                0,
                outFeatures,
                1,
                weight.values(),
                0,
                rows(n),
                gradInput.data(),
                0,
                inFeatures);
        return new Tensor[] {gradInput};
    }

    /** The row table for a batch of {@code n}: covers both the batch and the weight rows. */
    private int[] rows(int n) {
        rows = Gemm.strided(Math.max(n, outFeatures), inFeatures, rows);
        return rows;
    }

    /**
     * int8 DENSE: weights per output feature, bias int32, its own calibrated range; takes a fused
     * activation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.calibrated(OpKind.DENSE, Attributes.DEFAULT)
                .takingActivation()
                .withConstants(
                        ConstantInput.weight(weight.shape(), weight.values()),
                        ConstantInput.bias(outFeatures, bias.values()));
    }
}
