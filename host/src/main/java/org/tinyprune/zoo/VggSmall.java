package org.tinyprune.zoo;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/**
 * {@code vgg-small}: plain VGG-style stacks of 3 × 3 convolution + BatchNorm + ReLU. Reference
 * widths 32-32, max pool, 64-64, max pool, 128, then global average pooling and a dense classifier.
 * (A third pool before the global average would only drop the odd row and column of a 7 × 7 map, so
 * there is none.)
 *
 * <p>Nodes: {@code input}; per convolution {@code convS_I}, {@code bnS_I}, {@code reluS_I} (stage S
 * from 1, index I from 1); {@code poolS}; {@code gap}, {@code flatten}, {@code fc}.
 *
 * <p>At width 1.0 on 1 × 28 × 28: 140,458 trainable parameters (140 KB of int8 weights) and 22.0 M
 * MACs; peak activation memory 50 KB as int8 (two 32 × 28 × 28 maps around conv1_2).
 */
public final class VggSmall implements Architecture {

    /** Reference channel counts per stage; every stage but the last ends with a 2 × 2 pool. */
    static final int[][] STAGES = {{32, 32}, {64, 64}, {128}};

    @Override
    public String name() {
        return "vgg-small";
    }

    @Override
    public String description() {
        return "VGG-style conv-BN-ReLU stacks 32-32-pool-64-64-pool-128, global average pool,"
                + " dense";
    }

    @Override
    public Graph build(ModelConfig config) {
        GraphBuilder b = Graph.builder(name()).input("input", config.inputShape());
        for (int s = 0; s < STAGES.length; s++) {
            for (int i = 0; i < STAGES[s].length; i++) {
                String id = (s + 1) + "_" + (i + 1);
                b.conv("conv" + id, config.scale(STAGES[s][i]), 3, 1, 1)
                        .batchNorm("bn" + id)
                        .relu("relu" + id);
            }
            if (s < STAGES.length - 1) {
                b.maxPool("pool" + (s + 1), 2, 2, 0);
            }
        }
        return b.globalAvgPool("gap").flatten("flatten").dense("fc", config.numClasses()).build();
    }
}
