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
import org.tinyprune.nn.kernel.Im2col;

/**
 * 2-D convolution over NCHW input with stride, symmetric zero padding per axis, dilation per axis
 * (1 unless imported) and groups (groups = in = out channels is depthwise). Weight shape {@code
 * [out, in/groups, kh, kw]} (the ONNX layout), optional bias {@code [out]}. Initialised He-normal
 * (fan-in).
 *
 * <p>Stride-1 convolutions run as GEMMs over a zero-padded copy of the input ({@link ConvPadded}),
 * strided ones as im2col + GEMM ({@link ConvGemm}), both per sample and group; depthwise ones as
 * vector loops over padded planes ({@link ConvDepthwise}); dilated ones as direct loops ({@link
 * ConvDilated}).
 */
public final class Conv2d extends Layer implements Int8Form {
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int stride;
    private final int padH;
    private final int padW;
    private final int dilationH;
    private final int dilationW;
    private final int groups;
    private final Param weight;
    private final Param bias;
    private final ConvKernel impl;

    /** Square kernel, same padding on both axes. */
    public Conv2d(
            int inChannels,
            int outChannels,
            int kernel,
            int stride,
            int padding,
            int groups,
            boolean bias) {
        this(inChannels, outChannels, kernel, kernel, stride, padding, padding, groups, bias);
    }

    /** Rectangular kernel {@code kernelH × kernelW} with padding {@code padH}, {@code padW}. */
    public Conv2d(
            int inChannels,
            int outChannels,
            int kernelH,
            int kernelW,
            int stride,
            int padH,
            int padW,
            int groups,
            boolean bias) {
        this(inChannels, outChannels, kernelH, kernelW, stride, padH, padW, 1, 1, groups, bias);
    }

    /** Every option, including dilation per axis (the spacing of the kernel taps, 1 = none). */
    public Conv2d(
            int inChannels,
            int outChannels,
            int kernelH,
            int kernelW,
            int stride,
            int padH,
            int padW,
            int dilationH,
            int dilationW,
            int groups,
            boolean bias) {
        check(
                dilationH > 0 && dilationW > 0,
                "dilation must be >= 1, got " + dilationH + "x" + dilationW);
        check(
                inChannels > 0 && outChannels > 0,
                "channels must be >= 1, got in=" + inChannels + " out=" + outChannels);
        check(
                kernelH > 0 && kernelW > 0 && stride > 0,
                "kernel and stride must be >= 1, got kernel="
                        + kernelH
                        + "x"
                        + kernelW
                        + " stride="
                        + stride);
        check(padH >= 0 && padW >= 0, "padding must be >= 0, got " + padH + "," + padW);
        check(
                groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                "groups=" + groups + " must divide in=" + inChannels + " and out=" + outChannels);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.stride = stride;
        this.padH = padH;
        this.padW = padW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.groups = groups;
        this.weight =
                Param.trainable("weight", true, outChannels, inChannels / groups, kernelH, kernelW);
        this.bias = bias ? Param.trainable("bias", false, outChannels) : null;
        this.impl =
                isDilated()
                        ? new ConvDilated(this)
                        : isDepthwise()
                                ? new ConvDepthwise(this)
                                : ConvPadded.fits(this) ? new ConvPadded(this) : new ConvGemm(this);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Conv2d: " + message);
        }
    }

    @Override
    public String kind() {
        return isDepthwise() ? "DepthwiseConv2d" : "Conv2d";
    }

    /** Input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** Kernel height. */
    public int kernelH() {
        return kernelH;
    }

    /** Kernel width. */
    public int kernelW() {
        return kernelW;
    }

    /** Stride (both axes). */
    public int stride() {
        return stride;
    }

    /** Zero padding at top and bottom. */
    public int padH() {
        return padH;
    }

    /** Zero padding at left and right. */
    public int padW() {
        return padW;
    }

    /** Spacing of the kernel rows (1 = no dilation). */
    public int dilationH() {
        return dilationH;
    }

    /** Spacing of the kernel columns (1 = no dilation). */
    public int dilationW() {
        return dilationW;
    }

    /** True if the kernel taps are spaced out on either axis (dilation &gt; 1). */
    public boolean isDilated() {
        return dilationH > 1 || dilationW > 1;
    }

    /** Groups (1 = dense convolution; = in = out channels for depthwise). */
    public int groups() {
        return groups;
    }

    /** True when every channel is its own group (groups = in = out). */
    public boolean isDepthwise() {
        return groups > 1 && groups == inChannels && groups == outChannels;
    }

    /** Weight {@code [out, in/groups, kh, kw]}. */
    public Param weight() {
        return weight;
    }

    /** Bias {@code [out]}, or null. */
    public Param bias() {
        return bias;
    }

    /** True if the layer has a bias. */
    public boolean hasBias() {
        return bias != null;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void init(SplittableRandom rng) {
        double std = Math.sqrt(2.0 / (inChannels / groups * kernelH * kernelW));
        float[] w = weight.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextGaussian() * std);
        }
        if (bias != null) {
            java.util.Arrays.fill(bias.values(), 0f);
        }
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), inChannels);
        int oh = Shapes.windowOut(s[1], (kernelH - 1) * dilationH + 1, stride, padH);
        int ow = Shapes.windowOut(s[2], (kernelW - 1) * dilationW + 1, stride, padW);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(
                    kind()
                            + " kernel "
                            + kernelH
                            + "x"
                            + kernelW
                            + " does not fit input "
                            + Shapes.str(s)
                            + " with padding "
                            + padH
                            + ","
                            + padW);
        }
        return new int[] {outChannels, oh, ow};
    }

    @Override
    public long macs(List<int[]> inputShapes) {
        int[] o = outputShape(inputShapes);
        return (long) o[0] * o[1] * o[2] * (inChannels / groups) * kernelH * kernelW;
    }

    /**
     * The sliding-window geometry of one group for an input of {@code h × w}.
     *
     * @throws IllegalStateException for a dilated layer, which no unfolded window describes
     */
    public Im2col.Window window(int h, int w) {
        if (isDilated()) {
            throw new IllegalStateException(
                    "a dilated convolution ("
                            + dilationH
                            + "x"
                            + dilationW
                            + ") has no im2col window");
        }
        return new Im2col.Window(
                inChannels / groups,
                h,
                w,
                kernelH,
                kernelW,
                stride,
                padH,
                padW,
                Shapes.windowOut(h, kernelH, stride, padH),
                Shapes.windowOut(w, kernelW, stride, padW));
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        return impl.forward(inputs[0]);
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        return new Tensor[] {impl.backward(inputs[0], gradOutput, needInputGrad[0])};
    }

    /**
     * Groups 1 creates channels; depthwise maps them one to one; any other grouping blocks pruning
     * (each output channel reads a fixed block of input channels, which removing channels would
     * shift).
     */
    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        if (isDepthwise()) {
            return ChannelFlow.CHANNEL_WISE;
        }
        return groups == 1
                ? ChannelFlow.CREATES
                : ChannelFlow.blocks(
                        "a convolution of "
                                + groups
                                + " groups, whose output channels each read a fixed block of "
                                + inChannels / groups
                                + " input channels (pruning supports groups 1 and depthwise)");
    }

    /** {@link #selectChannels}; a depthwise layer keeps {@code keepOut} on both sides. */
    @Override
    public Conv2d keepChannels(int[] keepIn, int[] keepOut) {
        return selectChannels(isDepthwise() ? keepOut : keepIn, keepOut);
    }

    /**
     * A copy of this layer keeping only the given input and output channels (in the given order),
     * with their weights; for pruning. Depthwise layers need {@code keepIn} equal to {@code
     * keepOut}; other grouped layers can only be copied whole (every channel kept, in order).
     *
     * @throws IllegalArgumentException for an index out of range, or a grouped (non-depthwise,
     *     groups &gt; 1) layer losing or reordering channels, which pruning does not support
     */
    public Conv2d selectChannels(int[] keepIn, int[] keepOut) {
        int newGroups;
        if (isDepthwise()) {
            check(
                    java.util.Arrays.equals(keepIn, keepOut),
                    "a depthwise layer keeps the same input and output channels");
            newGroups = keepOut.length;
        } else {
            check(
                    groups == 1
                            || (isIdentity(keepIn, inChannels) && isIdentity(keepOut, outChannels)),
                    "selectChannels supports groups=1 or depthwise, not groups="
                            + groups
                            + " (a grouped layer can only be kept whole)");
            newGroups = groups;
        }
        Conv2d out =
                new Conv2d(
                        keepIn.length,
                        keepOut.length,
                        kernelH,
                        kernelW,
                        stride,
                        padH,
                        padW,
                        dilationH,
                        dilationW,
                        newGroups,
                        bias != null);
        int k = kernelH * kernelW;
        int inG = inChannels / groups;
        int newInG = out.inChannels / newGroups;
        float[] src = weight.values();
        float[] dst = out.weight.values();
        for (int o = 0; o < keepOut.length; o++) {
            int so = Selection.index(keepOut[o], outChannels, "output channel");
            for (int i = 0; i < newInG; i++) {
                int si =
                        isDepthwise() ? 0 : Selection.index(keepIn[i], inChannels, "input channel");
                System.arraycopy(src, (so * inG + si) * k, dst, (o * newInG + i) * k, k);
            }
            if (bias != null) {
                out.bias.values()[o] = bias.values()[so];
            }
        }
        return out;
    }

    private static boolean isIdentity(int[] keep, int n) {
        if (keep.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (keep[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** The computation strategy (GEMM or direct depthwise) with its reusable buffers. */
    interface ConvKernel {
        Tensor forward(Tensor x);

        Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad);
    }

    /**
     * int8 CONV (grouped, depthwise, dilated): weights per output channel, bias int32 (zeros when
     * the layer has none), its own calibrated range; takes a fused activation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        Attributes a =
                Attributes.DEFAULT
                        .withKernel(kernelH, kernelW)
                        .withStrides(stride, stride)
                        .withPads(padH, padW, padH, padW)
                        .withDilations(dilationH, dilationW)
                        .withGroup(groups);
        return Lowering.calibrated(OpKind.CONV, a)
                .takingActivation()
                .withConstants(
                        ConstantInput.weight(weight.shape(), weight.values()),
                        ConstantInput.bias(outChannels, bias == null ? null : bias.values()));
    }
}
