package org.tinyprune.zoo;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.layer.Conv2d;

/**
 * {@code ds-cnn}: the depthwise-separable CNN of the MLPerf Tiny keyword-spotting benchmark
 * (DS-CNN-S of "Hello Edge"): a first convolution with stride 2 + BatchNorm + ReLU, four blocks of
 * 3 × 3 depthwise convolution + BatchNorm + ReLU and pointwise convolution + BatchNorm + ReLU, all
 * 64 channels at the reference width, then global average pooling and a dense classifier.
 *
 * <p>The first kernel follows the input. On spectrogram-like inputs (at least twice as many rows as
 * columns, e.g. the 49 × 10 MFCC of MLPerf Tiny) it is the reference 10 × 4 (time × frequency); on
 * image-like inputs such as 28 × 28 it is a square 5 × 5, which covers about the same share of the
 * input and keeps both axes symmetric. Padding approximates TensorFlow's {@code same} with equal
 * padding on both sides, so the output is {@code ceil(in / 2)} on each axis (25 × 5 for 49 × 10, 14
 * × 14 for 28 × 28).
 *
 * <p>Nodes: {@code conv1}, {@code conv1_bn}, {@code conv1_relu}; per block {@code dsI_dw}, {@code
 * dsI_dw_bn}, {@code dsI_dw_relu}, {@code dsI_pw}, {@code dsI_pw_bn}, {@code dsI_pw_relu} (I =
 * 1..4); {@code gap}, {@code flatten}, {@code fc}.
 *
 * <p>At width 1.0 on 1 × 28 × 28: 22,090 trainable parameters and 4.1 M MACs, peak activation
 * memory 25 KB as int8 (two 64 × 14 × 14 maps): the smallest of the zoo, as in MLPerf Tiny, yet
 * still beyond a 16 KB-SRAM part. On 1 × 49 × 10 MFCC: 23,050 parameters, 2.7 M MACs.
 */
public final class DsCnn implements Architecture {

    /** Reference channel count of every layer. */
    static final int CHANNELS = 64;

    /** Number of depthwise-separable blocks. */
    static final int BLOCKS = 4;

    @Override
    public String name() {
        return "ds-cnn";
    }

    @Override
    public String description() {
        return "MLPerf Tiny keyword-spotting DS-CNN-S: conv 10x4 (5x5 on square inputs) stride 2,"
                + " 4 depthwise-separable blocks of 64";
    }

    /**
     * The first convolution's kernel for an input.
     *
     * @param height input rows
     * @param width input columns
     * @return {kernel height, kernel width}
     */
    static int[] firstKernel(int height, int width) {
        if (height >= 2 * width) {
            return new int[] {Math.min(10, height), Math.min(4, width)};
        }
        return new int[] {Math.min(5, height), Math.min(5, width)};
    }

    /**
     * Symmetric padding that gives {@code ceil(in / stride)} outputs (or one more when the needed
     * total padding is odd).
     */
    static int samePadding(int in, int kernel, int stride) {
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return (total + 1) / 2;
    }

    @Override
    public Graph build(ModelConfig config) {
        int[] k = firstKernel(config.height(), config.width());
        int width = config.scale(CHANNELS);
        GraphBuilder b = Graph.builder(name()).input("input", config.inputShape());
        b.layer(
                "conv1",
                new Conv2d(
                        config.channels(),
                        width,
                        k[0],
                        k[1],
                        2,
                        samePadding(config.height(), k[0], 2),
                        samePadding(config.width(), k[1], 2),
                        1,
                        false));
        b.batchNorm("conv1_bn").relu("conv1_relu");
        for (int i = 1; i <= BLOCKS; i++) {
            String id = "ds" + i;
            b.depthwise(id + "_dw", 3, 1, 1).batchNorm(id + "_dw_bn").relu(id + "_dw_relu");
            b.pointwise(id + "_pw", width).batchNorm(id + "_pw_bn").relu(id + "_pw_relu");
        }
        return b.globalAvgPool("gap").flatten("flatten").dense("fc", config.numClasses()).build();
    }
}
