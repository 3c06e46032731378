package org.tinyprune.pass;

import java.util.List;

/** The pass pipelines. */
public final class Passes {
    private Passes() {}

    /**
     * What the ONNX reader runs after import: fold batch norms, fuse float activations, fold QDQ
     * pairs into an int8 graph, fuse the int8 activations this exposes, recognise channel shuffles,
     * merge paddings into the convolutions and pools that read them, then check the result holds
     * only ops the planner and emitter support.
     */
    public static List<GraphPass> standard() {
        return List.of(
                new FoldBatchNorm(),
                new FuseActivation(),
                new FoldQdq(),
                new FuseActivation(),
                new FoldChannelShuffle(),
                new FoldPad(),
                new CheckDeployable());
    }
}
