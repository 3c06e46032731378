package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;

/**
 * Which chains a model's plan streams ({@link StreamChain}), by node name: the one decision about
 * how a model executes that is made once, within the budgets (by the pruner, or {@code
 * org.tinyprune.resource.BudgetedPlan} for a model that records none), and recorded in the model
 * file, so code generation plans exactly what was priced ({@link MemoryPlanner#given}). Names
 * rather than node indices, because they survive pruning, quantisation and export.
 *
 * <p>In ONNX {@code metadata_props}: {@value #KEY} holds the number of chains (0: every layer runs
 * whole), {@code tinyprune.plan.stream.I.J} the name of the J-th node of chain I (both from 0).
 *
 * @param streams the node names of each streamed chain, in chain order; empty when no chain streams
 */
public record PlanChoice(List<List<String>> streams) {
    /** The metadata key holding the number of streamed chains. */
    public static final String KEY = "tinyprune.plan.streams";

    private static final String NODE_PREFIX = "tinyprune.plan.stream.";

    /** Every layer whole, nothing streamed. */
    public static final PlanChoice LAYER_BY_LAYER = new PlanChoice(List.of());

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException when a chain has fewer than two nodes or a node is in two
     *     chains
     */
    public PlanChoice {
        List<List<String>> copy = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> chain : streams) {
            if (chain.size() < 2) {
                throw new IllegalArgumentException(
                        "a streamed chain needs at least two layers, got " + chain);
            }
            for (String name : chain) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(
                            "layer '" + name + "' is in two streamed chains");
                }
            }
            copy.add(List.copyOf(chain));
        }
        streams = List.copyOf(copy);
    }

    /** The chains {@code plan} streams, by node name. */
    public static PlanChoice of(MemoryPlan plan) {
        Graph g = plan.schedule().buffers().graph();
        List<List<String>> chains = new ArrayList<>();
        for (StreamChain c : plan.streams()) {
            chains.add(c.nodes().stream().map(i -> g.nodes().get(i).name()).toList());
        }
        return new PlanChoice(chains);
    }

    /**
     * The chains as nodes of {@code g}.
     *
     * @throws IllegalArgumentException naming the chain when {@code g} has no such node or cannot
     *     stream the chain ({@link StreamChain#candidates})
     */
    public List<StreamChain> resolve(Graph g) {
        List<StreamChain> candidates = StreamChain.candidates(g);
        List<StreamChain> out = new ArrayList<>();
        for (List<String> names : streams) {
            List<Integer> nodes = new ArrayList<>();
            for (String name : names) {
                Node n =
                        g.nodes().stream()
                                .filter(x -> x.name().equals(name))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "the plan streams "
                                                                + describe(names)
                                                                + ", but graph '"
                                                                + g.name()
                                                                + "' has no layer '"
                                                                + name
                                                                + "'"));
                nodes.add(g.indexOf(n));
            }
            StreamChain chain = new StreamChain(nodes);
            if (!candidates.contains(chain)) {
                throw new IllegalArgumentException(
                        "the plan streams "
                                + describe(names)
                                + ", which graph '"
                                + g.name()
                                + "' cannot stream (each layer a convolution or pool reading only the "
                                + "previous one's output, at most "
                                + StreamChain.MAX_LAYERS
                                + " layers)");
            }
            out.add(chain);
        }
        return out;
    }

    /**
     * One line for reports, e.g. {@code "streamed conv1..pool1 (3 layers)"} or {@code "layer by
     * layer"}.
     */
    public String describe() {
        if (streams.isEmpty()) {
            return "layer by layer";
        }
        StringBuilder sb = new StringBuilder("streamed ");
        for (int i = 0; i < streams.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(describe(streams.get(i)));
        }
        return sb.toString();
    }

    private static String describe(List<String> chain) {
        return chain.get(0) + ".." + chain.get(chain.size() - 1) + " (" + chain.size() + " layers)";
    }

    /** The choice as ONNX {@code metadata_props} entries (see the class comment for the keys). */
    public List<StringStringEntryProto> toMetadataProps() {
        List<StringStringEntryProto> out = new ArrayList<>();
        out.add(entry(KEY, Integer.toString(streams.size())));
        for (int i = 0; i < streams.size(); i++) {
            for (int j = 0; j < streams.get(i).size(); j++) {
                out.add(entry(NODE_PREFIX + i + "." + j, streams.get(i).get(j)));
            }
        }
        return out;
    }

    /**
     * Reads the choice back from ONNX {@code metadata_props} written by {@link #toMetadataProps}.
     *
     * @return the recorded choice, or empty when the model records none (not exported by a pruning
     *     run)
     * @throws IllegalArgumentException naming the key when the entries are malformed
     */
    public static Optional<PlanChoice> fromMetadataProps(List<StringStringEntryProto> props) {
        String count = null;
        Map<Integer, TreeMap<Integer, String>> nodes = new TreeMap<>();
        for (StringStringEntryProto e : props) {
            if (e.getKey().equals(KEY)) {
                count = e.getValue();
            } else if (e.getKey().startsWith(NODE_PREFIX)) {
                String[] ij = e.getKey().substring(NODE_PREFIX.length()).split("\\.", -1);
                if (ij.length != 2) {
                    throw malformed(e.getKey(), "is not " + NODE_PREFIX + "CHAIN.LAYER");
                }
                nodes.computeIfAbsent(index(e.getKey(), ij[0]), k -> new TreeMap<>())
                        .put(index(e.getKey(), ij[1]), e.getValue());
            }
        }
        if (count == null) {
            if (!nodes.isEmpty()) {
                throw malformed(NODE_PREFIX + "*", "is present without " + KEY);
            }
            return Optional.empty();
        }
        int k = index(KEY, count);
        List<List<String>> chains = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            TreeMap<Integer, String> chain = nodes.remove(i);
            if (chain == null || chain.lastKey() != chain.size() - 1) {
                throw malformed(
                        NODE_PREFIX + i + ".*", "does not name layers 0, 1, ... of chain " + i);
            }
            chains.add(new ArrayList<>(chain.values()));
        }
        if (!nodes.isEmpty()) {
            throw malformed(
                    NODE_PREFIX + nodes.keySet().iterator().next() + ".*",
                    "names a chain beyond the " + k + " that " + KEY + " declares");
        }
        try {
            return Optional.of(new PlanChoice(chains));
        } catch (IllegalArgumentException e) {
            throw malformed(KEY, "records an impossible plan: " + e.getMessage());
        }
    }

    /**
     * The choice a model records ({@link #fromMetadataProps}), checked against the graph read from
     * it.
     *
     * @return the choice, or empty when the model records none
     * @throws IllegalArgumentException naming the metadata key and the fix when the entries are
     *     malformed or name a chain {@code graph} cannot stream
     */
    public static Optional<PlanChoice> recorded(List<StringStringEntryProto> props, Graph graph) {
        Optional<PlanChoice> choice = fromMetadataProps(props);
        if (choice.isPresent()) {
            try {
                choice.get().resolve(graph);
            } catch (IllegalArgumentException e) {
                throw malformed(KEY, "does not fit the model: " + e.getMessage());
            }
        }
        return choice;
    }

    private static int index(String key, String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 0 && v < 1 << 16) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw malformed(key, "holds '" + text + "', not a count or index");
    }

    private static IllegalArgumentException malformed(String key, String why) {
        return new IllegalArgumentException(
                "metadata '"
                        + key
                        + "' "
                        + why
                        + "; export the model again with "
                        + "tinyprune prune, or remove the tinyprune.plan.* entries to let the board's budgets choose the plan");
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
}
