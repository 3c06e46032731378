package org.tinyprune.nn.layer;

import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.nn.kernel.Vec;

/**
 * Batch normalisation over the channels of NCHW input: y = gamma·(x − mean)/sqrt(var + eps) + beta.
 * In training mode mean and (biased) variance come from the batch and the running statistics move
 * by {@code momentum} towards them (running variance uses the unbiased estimate, as PyTorch does);
 * in eval mode the running statistics are used. Params: {@code gamma}, {@code beta} (trainable, no
 * weight decay), {@code running_mean}, {@code running_var} (non-trainable).
 */
public final class BatchNorm2d extends Layer {
    private final int channels;
    private final float eps;
    private final float momentum;
    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final float[] mean;
    private final float[] invStd;
    private boolean lastTraining;
    private Tensor output;
    private Tensor gradInput;

    /** BatchNorm with eps 1e-5 and momentum 0.1. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    /** BatchNorm with explicit eps and momentum (weight of the new batch statistic, 0..1). */
    public BatchNorm2d(int channels, float eps, float momentum) {
        if (channels <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(
                    "BatchNorm2d: need channels >= 1, eps > 0, momentum in [0,1]; got "
                            + channels
                            + ", "
                            + eps
                            + ", "
                            + momentum);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = Param.trainable("gamma", false, channels);
        this.beta = Param.trainable("beta", false, channels);
        this.runningMean = Param.buffer("running_mean", 0f, channels);
        this.runningVar = Param.buffer("running_var", 1f, channels);
        this.mean = new float[channels];
        this.invStd = new float[channels];
        java.util.Arrays.fill(gamma.values(), 1f);
    }

    @Override
    public String kind() {
        return "BatchNorm2d";
    }

    /** Channels. */
    public int channels() {
        return channels;
    }

    /** Epsilon added to the variance. */
    public float eps() {
        return eps;
    }

    /** Momentum of the running statistics. */
    public float momentum() {
        return momentum;
    }

    /** Scale. */
    public Param gamma() {
        return gamma;
    }

    /** Shift. */
    public Param beta() {
        return beta;
    }

    /** Running mean. */
    public Param runningMean() {
        return runningMean;
    }

    /** Running variance. */
    public Param runningVar() {
        return runningVar;
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    @Override
    public void init(SplittableRandom rng) {
        java.util.Arrays.fill(gamma.values(), 1f);
        java.util.Arrays.fill(beta.values(), 0f);
        java.util.Arrays.fill(runningMean.values(), 0f);
        java.util.Arrays.fill(runningVar.values(), 1f);
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        return expectImage(kind(), inputShapes.get(0), channels).clone();
    }

    @Override
    public long macs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        return (long) s[0] * s[1] * s[2];
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    @Override
    public BatchNorm2d keepChannels(int[] keepIn, int[] keepOut) {
        return selectChannels(keepOut);
    }

    /** A copy keeping the given channels, for pruning. */
    public BatchNorm2d selectChannels(int[] keep) {
        BatchNorm2d b = new BatchNorm2d(keep.length, eps, momentum);
        for (int i = 0; i < keep.length; i++) {
            int c = Selection.index(keep[i], channels, "channel");
            b.gamma.values()[i] = gamma.values()[c];
            b.beta.values()[i] = beta.values()[c];
            b.runningMean.values()[i] = runningMean.values()[c];
            b.runningVar.values()[i] = runningVar.values()[c];
        }
        return b;
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int plane = x.dim(2) * x.dim(3);
        output = Tensor.reuse(output, x.shape());
        lastTraining = training;
        float[] xd = x.data();
        float[] yd = output.data();
        float[] g = gamma.values();
        float[] b = beta.values();
        float[] rm = runningMean.values();
        float[] rv = runningVar.values();
        long count = (long) n * plane;
        Parallel.run(
                channels,
                (c, worker) -> {
                    float m;
                    float var;
                    if (training) {
                        double sum = 0;
                        for (int s = 0; s < n; s++) {
                            sum += Vec.sum(xd, (s * channels + c) * plane, plane);
                        }
                        m = (float) (sum / count);
                        double sq = 0;
                        for (int s = 0; s < n; s++) {
                            sq += Vec.sumSquares(xd, (s * channels + c) * plane, plane, m);
                        }
                        var = (float) (sq / count);
                        rm[c] = (1 - momentum) * rm[c] + momentum * m;
                        float unbiased = count > 1 ? (float) (sq / (count - 1)) : var;
                        rv[c] = (1 - momentum) * rv[c] + momentum * unbiased;
                    } else {
                        m = rm[c];
                        var = rv[c];
                    }
                    float is = (float) (1.0 / Math.sqrt(var + eps));
                    mean[c] = m;
                    invStd[c] = is;
                    float scale = g[c] * is;
                    float shift = b[c] - m * scale;
                    for (int s = 0; s < n; s++) {
                        int off = (s * channels + c) * plane;
                        Vec.affine(scale, xd, off, 0f, null, 0, shift, yd, off, plane);
                    }
                });
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int plane = x.dim(2) * x.dim(3);
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        float[] g = gamma.values();
        float[] dg = gamma.grads();
        float[] db = beta.grads();
        long count = (long) n * plane;
        boolean batchStats = lastTraining;
        Parallel.run(
                channels,
                (c, worker) -> {
                    float m = mean[c];
                    float is = invStd[c];
                    double sumDy = 0;
                    double sumDyCentered = 0;
                    for (int s = 0; s < n; s++) {
                        int off = (s * channels + c) * plane;
                        sumDy += Vec.sum(dy, off, plane);
                        sumDyCentered += Vec.dotCentered(dy, off, xd, off, plane, m);
                    }
                    double sumDyXhat = sumDyCentered * is;
                    db[c] += (float) sumDy;
                    dg[c] += (float) sumDyXhat;
                    // dx = k·(dy − a − xhat·b) with xhat = (x − m)·is, as alpha·dy + beta·x + gamma
                    float k = g[c] * is;
                    float a = batchStats ? (float) (sumDy / count) : 0f;
                    float bcoef = batchStats ? (float) (sumDyXhat / count) : 0f;
                    float beta = -k * is * bcoef;
                    float gamma = -k * a - beta * m;
                    for (int s = 0; s < n; s++) {
                        int off = (s * channels + c) * plane;
                        Vec.affine(k, dy, off, beta, xd, off, gamma, dx, off, plane);
                    }
                });
        return new Tensor[] {needInputGrad[0] ? gradInput : null};
    }
}
