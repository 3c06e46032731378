package org.tinyprune.zoo;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/**
 * {@code mobilenetv2-small}: a MobileNetV2 cut down for 28 × 28 to 32 × 32 inputs. A 3 × 3 stem
 * convolution, then inverted residual blocks, each a pointwise expansion (× t) + BatchNorm + ReLU6,
 * a 3 × 3 depthwise convolution + BatchNorm + ReLU6, and a linear pointwise projection + BatchNorm,
 * with a residual add (projection first, then the block's input) when the block keeps shape (stride
 * 1, same channels); a block with t = 1 has no expansion. Then a 1 × 1 head convolution, global
 * average pooling and a dense classifier.
 *
 * <p>Reference stages (t, channels, blocks, first stride): (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3,
 * 2), (6, 64, 2, 1); stem 16 channels, head 256.
 *
 * <p>Nodes: {@code stem_conv/_bn/_relu}; per block {@code bS_I_expand}, {@code bS_I_expand_bn},
 * {@code bS_I_expand_relu}, {@code bS_I_dw}, {@code bS_I_dw_bn}, {@code bS_I_dw_relu}, {@code
 * bS_I_project}, {@code bS_I_project_bn} and, with a residual, {@code bS_I_add}; {@code
 * head_conv/_bn/_relu}, {@code gap}, {@code flatten}, {@code fc}.
 *
 * <p>At width 1.0 on 1 × 28 × 28: 149,098 trainable parameters and 10.9 M MACs; the peak activation
 * memory is 94 KB as int8 (the 96 × 28 × 28 expansion of block b2_1 and its depthwise output), more
 * than the SRAM of most small Cortex-M parts.
 */
public final class MobileNetV2Small implements Architecture {

    /** Reference stages: expansion t, output channels, number of blocks, first block's stride. */
    static final int[][] STAGES = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 2, 1}};

    /** Reference stem width. */
    static final int STEM = 16;

    /** Reference head width. */
    static final int HEAD = 256;

    @Override
    public String name() {
        return "mobilenetv2-small";
    }

    @Override
    public String description() {
        return "MobileNetV2 inverted residual blocks (expand, depthwise, project, add),"
                + " stem 16, stages 16-24-32-64, head 256";
    }

    @Override
    public Graph build(ModelConfig config) {
        GraphBuilder b = Graph.builder(name()).input("input", config.inputShape());
        b.conv("stem_conv", config.scale(STEM), 3, 1, 1).batchNorm("stem_bn").relu6("stem_relu");
        for (int s = 0; s < STAGES.length; s++) {
            int[] st = STAGES[s];
            for (int i = 0; i < st[2]; i++) {
                invertedResidual(
                        b,
                        "b" + (s + 1) + "_" + (i + 1),
                        st[0],
                        config.scale(st[1]),
                        i == 0 ? st[3] : 1);
            }
        }
        b.pointwise("head_conv", config.scale(HEAD)).batchNorm("head_bn").relu6("head_relu");
        return b.globalAvgPool("gap").flatten("flatten").dense("fc", config.numClasses()).build();
    }

    private static void invertedResidual(
            GraphBuilder b, String id, int expansion, int out, int stride) {
        String in = b.current();
        int inChannels = b.channels();
        if (expansion != 1) {
            b.pointwise(id + "_expand", inChannels * expansion)
                    .batchNorm(id + "_expand_bn")
                    .relu6(id + "_expand_relu");
        }
        b.depthwise(id + "_dw", 3, stride, 1).batchNorm(id + "_dw_bn").relu6(id + "_dw_relu");
        b.pointwise(id + "_project", out).batchNorm(id + "_project_bn");
        if (stride == 1 && inChannels == out) {
            b.add(id + "_add", b.current(), in);
        }
    }
}
