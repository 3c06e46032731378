package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * The channel variables of a graph: one per activation tensor that is not a reshape of another (its
 * channel count: dimension 1 of a 4-D tensor, the last dimension of any other). A tensor's element
 * count is its variable times its per-channel size (H·W for [1, C, H, W]; the leading dimensions
 * for [M, F]; a reshape keeps its source's variable and per-channel size).
 */
public final class ChannelSpace {
    private final List<String> variables = new ArrayList<>();
    private final double[] baseline;
    private final Map<String, Integer> varOf = new HashMap<>();
    private final Map<String, Integer> perChannel = new HashMap<>();

    ChannelSpace(Graph g) {
        List<Double> base = new ArrayList<>();
        for (String in : g.inputs()) {
            add(g.tensor(in), base);
        }
        for (Node n : g.nodes()) {
            Tensor out = g.outputOf(n);
            if (n.op() == OpKind.RESHAPE) {
                varOf.put(out.name(), varOf.get(n.input(0)));
                perChannel.put(out.name(), perChannel.get(n.input(0)));
            } else {
                add(out, base);
            }
        }
        baseline = base.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void add(Tensor t, List<Double> base) {
        int channels = t.dim(channelAxis(t.rank()));
        varOf.put(t.name(), variables.size());
        variables.add(t.name());
        base.add((double) channels);
        perChannel.put(t.name(), (int) (t.elements() / channels));
    }

    /**
     * The axis counting channels: 1 of {@code [N, C, H, W]}, the last (features) of other ranks.
     */
    static int channelAxis(int rank) {
        return rank == 4 ? 1 : rank - 1;
    }

    /** Variable names (the activation tensors they count the channels of). */
    public List<String> variables() {
        return List.copyOf(variables);
    }

    /** The graph's own channel counts. */
    public double[] baseline() {
        return baseline.clone();
    }

    /** The variable index counting the channels of {@code tensor}. */
    public int variableOf(String tensor) {
        Integer v = varOf.get(tensor);
        if (v == null) {
            throw new IllegalArgumentException("'" + tensor + "' is not an activation tensor");
        }
        return v;
    }

    /** Elements per channel of {@code tensor}. */
    public int perChannel(String tensor) {
        return perChannel.get(tensor);
    }

    /** Channel count of {@code tensor} as a {@link Dual}. */
    Dual channels(String tensor, double[] counts) {
        return Dual.variable(variableOf(tensor), counts[variableOf(tensor)], counts.length);
    }

    /** Element count of {@code tensor}. */
    Dual elements(String tensor, double[] counts) {
        return channels(tensor, counts).times(perChannel(tensor));
    }
}
