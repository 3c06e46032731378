package org.tinyprune.zoo;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/**
 * {@code resnet8}: the ResNet-8 of the MLPerf Tiny image-classification benchmark (CIFAR-10). A 3 ×
 * 3 stem convolution of 16 channels + BatchNorm + ReLU, then three stages of one basic residual
 * block each, 16, 32 and 64 channels: conv 3 × 3 (stride 1, 2, 2) + BatchNorm + ReLU, conv 3 × 3 +
 * BatchNorm, add the shortcut (main path first, then shortcut), ReLU. The first stage's shortcut is
 * the identity; the strided stages use a 1 × 1 convolution with stride 2 and a bias (no BatchNorm,
 * as in the reference). Then global average pooling and a dense classifier.
 *
 * <p>Nodes: {@code stem_conv/_bn/_relu}; per stage S = 1..3 {@code sS_conv1}, {@code sS_bn1},
 * {@code sS_relu1}, {@code sS_conv2}, {@code sS_bn2}, {@code sS_shortcut} (stages 2 and 3), {@code
 * sS_add}, {@code sS_relu}; {@code gap}, {@code flatten}, {@code fc}.
 *
 * <p>At width 1.0 on 3 × 32 × 32: 77,946 trainable parameters and 12.6 M MACs (MLPerf Tiny quotes
 * about 78 k and 12.5 M); on 1 × 28 × 28: 77,658 and 9.4 M, peak activation memory 37.6 KB as int8
 * (the residual input stays live beside two 16 × 28 × 28 maps).
 */
public final class ResNet8 implements Architecture {

    /** Reference channel counts of the stem and the three stages. */
    static final int[] WIDTHS = {16, 16, 32, 64};

    @Override
    public String name() {
        return "resnet8";
    }

    @Override
    public String description() {
        return "MLPerf Tiny CIFAR-10 ResNet-8: stem 16, basic blocks 16-32-64, 1x1 stride-2"
                + " projection shortcuts";
    }

    @Override
    public Graph build(ModelConfig config) {
        GraphBuilder b = Graph.builder(name()).input("input", config.inputShape());
        b.conv("stem_conv", config.scale(WIDTHS[0]), 3, 1, 1)
                .batchNorm("stem_bn")
                .relu("stem_relu");
        for (int s = 1; s <= 3; s++) {
            String id = "s" + s;
            int out = config.scale(WIDTHS[s]);
            int stride = s == 1 ? 1 : 2;
            String in = b.current();
            b.conv(id + "_conv1", out, 3, stride, 1).batchNorm(id + "_bn1").relu(id + "_relu1");
            b.conv(id + "_conv2", out, 3, 1, 1).batchNorm(id + "_bn2");
            String main = b.current();
            String shortcut = in;
            if (stride != 1 || b.shape(in)[0] != out) {
                b.from(in).conv(id + "_shortcut", out, 1, stride, 0, 1, true);
                shortcut = b.current();
            }
            b.add(id + "_add", main, shortcut).relu(id + "_relu");
        }
        return b.globalAvgPool("gap").flatten("flatten").dense("fc", config.numClasses()).build();
    }
}
