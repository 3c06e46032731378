package org.tinyprune.prune;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Input;

/**
 * Test support: what a pruned network must compute, built without {@link GraphSurgery}. Removing
 * channel c of a group means channel c is zero wherever the group appears: the reference is the
 * original network (same layer objects, same weights) with a multiplier after every node that
 * zeroes the removed channels' positions of its output and leaves the rest alone.
 */
final class ZeroedReference {
    private ZeroedReference() {}

    /**
     * The original {@code graph} with the channels {@code keep} leaves out zeroed after every node.
     */
    static Graph of(Graph graph, CouplingGroups groups, Map<Integer, int[]> keep) {
        GraphBuilder b = Graph.builder(graph.name() + "-zeroed");
        Map<String, String> zeroed = new HashMap<>();
        for (Node n : graph.nodes()) {
            List<String> in = n.inputs().stream().map(i -> zeroed.getOrDefault(i, i)).toList();
            if (n.layer() instanceof Input input) {
                b.input(n.name(), input.shape());
            } else {
                b.layer(n.name(), n.layer(), in.toArray(String[]::new));
            }
            ChannelMap m = groups.map(n.name());
            float[] scale = new float[m.size()];
            boolean any = false;
            for (int p = 0; p < m.size(); p++) {
                int[] k = keep.get(m.group()[p]);
                int channel = m.index()[p];
                boolean kept = k == null || Arrays.stream(k).anyMatch(c -> c == channel);
                scale[p] = kept ? 1 : 0;
                any |= !kept;
            }
            if (any) {
                b.layer(n.name() + "#zeroed", new PositionScale(scale), n.name());
                zeroed.put(n.name(), n.name() + "#zeroed");
            }
        }
        return b.output(zeroed.getOrDefault(graph.outputName(), graph.outputName())).build();
    }

    /**
     * Multiplies position p of each sample (a channel, or a feature) by {@code scale[p]}; eval
     * only.
     */
    static final class PositionScale extends Layer {
        private final float[] scale;

        PositionScale(float[] scale) {
            this.scale = scale.clone();
        }

        @Override
        public String kind() {
            return "PositionScale";
        }

        @Override
        public int[] outputShape(List<int[]> inputShapes) {
            if (inputShapes.get(0)[0] != scale.length) {
                throw new IllegalArgumentException(
                        "PositionScale of "
                                + scale.length
                                + " positions got "
                                + Arrays.toString(inputShapes.get(0)));
            }
            return inputShapes.get(0).clone();
        }

        @Override
        public Tensor forward(Tensor[] inputs, boolean training) {
            Tensor x = inputs[0];
            Tensor y = new Tensor(x.shape());
            int inner = x.sampleSize() / scale.length;
            for (int i = 0; i < x.size(); i++) {
                y.data()[i] = x.data()[i] * scale[(i / inner) % scale.length];
            }
            return y;
        }

        @Override
        public Tensor[] backward(
                Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
            throw new UnsupportedOperationException("the zeroed reference only runs forward");
        }
    }
}
