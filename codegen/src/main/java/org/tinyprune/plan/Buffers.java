package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * The storage view of a graph: activation tensors grouped into buffers (a RESHAPE that {@link
 * DeviceLayout#reshapeIsAlias leaves the bytes in place} shares its input's buffer), with sizes
 * rounded to {@link GreedyPlanner#ALIGN}, producers, consumers and the scratch each node needs.
 * Nodes are indexed as in {@link Graph#nodes()}.
 */
public final class Buffers {
    /**
     * Most bytes the buffers of one graph may need together (the largest multiple of {@link
     * GreedyPlanner#ALIGN} in an int): planning works in int bytes, and no microcontroller comes
     * near it. A graph whose activations and scratch add up to more is refused by name.
     */
    public static final int MAX_BYTES =
            Integer.MAX_VALUE / GreedyPlanner.ALIGN * GreedyPlanner.ALIGN;

    private final Graph graph;
    private final Map<String, Integer> bufferOf = new HashMap<>();
    private final List<Integer> bytes = new ArrayList<>();
    private final List<Set<Integer>> consumers = new ArrayList<>();
    private final List<Integer> producer = new ArrayList<>();
    private final Set<Integer> outputs = new LinkedHashSet<>();
    private final Set<Integer> inputs = new LinkedHashSet<>();
    private final int[][] nodeInputs;
    private final int[] nodeOutput;
    private final int[] scratch;
    private final boolean inPlaceDepthwise;
    private final List<StreamChain> streams;
    private final List<String> sizedBy = new ArrayList<>();

    /** The buffers of {@code graph}, every depthwise convolution that may run in place doing so. */
    public Buffers(Graph graph) {
        this(graph, true);
    }

    /**
     * Builds the buffers of {@code graph}.
     *
     * @param inPlaceDepthwise whether the depthwise convolutions that {@link
     *     KernelScratch#mayRunInPlace may run in place} do (and hold their line buffer as scratch)
     * @throws IllegalArgumentException naming the tensor (or node) when one buffer, or all of them
     *     together, would need more than {@link #MAX_BYTES}
     */
    public Buffers(Graph graph, boolean inPlaceDepthwise) {
        this(graph, inPlaceDepthwise, List.of());
    }

    /**
     * Builds the buffers of {@code graph} with some chains streamed: a chain's first node reads the
     * chain's input and writes its output (one buffer of the last node's output size) and holds the
     * line buffers as scratch ({@link StreamChain#scratchBytes}); the chain's other nodes allocate
     * nothing (like an aliasing reshape), so its intermediate maps take no arena.
     *
     * @param inPlaceDepthwise as for {@link #Buffers(Graph, boolean)}; no node of a chain runs in
     *     place
     * @param streams disjoint chains of this graph ({@link StreamChain#candidates})
     * @throws IllegalArgumentException as for {@link #Buffers(Graph, boolean)}
     */
    public Buffers(Graph graph, boolean inPlaceDepthwise, List<StreamChain> streams) {
        this.graph = graph;
        this.inPlaceDepthwise = inPlaceDepthwise;
        this.streams = List.copyOf(streams);
        List<Node> nodes = graph.nodes();
        for (String in : graph.inputs()) {
            inputs.add(newBuffer(graph.tensor(in), -1));
        }
        nodeInputs = new int[nodes.size()][];
        nodeOutput = new int[nodes.size()];
        scratch = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            Set<Integer> ins = new LinkedHashSet<>();
            for (String s : n.inputs()) {
                Integer b = bufferOf.get(s);
                if (b != null) {
                    ins.add(b);
                    consumers.get(b).add(i);
                }
            }
            nodeInputs[i] = ins.stream().mapToInt(Integer::intValue).toArray();
            StreamChain chain = chainOf(i);
            if ((n.op() == OpKind.RESHAPE && DeviceLayout.reshapeIsAlias(graph, n))
                    || (chain != null && chain.head() != i)) {
                nodeOutput[i] = bufferOf.get(n.input(0));
                bufferOf.put(n.output(), nodeOutput[i]);
            } else if (chain != null) {
                nodeOutput[i] = newBuffer(graph.outputOf(nodes.get(chain.tail())), i);
                bufferOf.put(n.output(), nodeOutput[i]);
            } else {
                nodeOutput[i] = newBuffer(graph.outputOf(n), i);
            }
            int s =
                    chain == null
                            ? KernelScratch.bytes(graph, n, inPlaceDepthwise)
                            : chain.head() == i ? chain.scratchBytes(graph) : 0;
            scratch[i] = s == 0 ? 0 : GreedyPlanner.align(s);
        }
        for (String out : graph.outputs()) {
            outputs.add(bufferOf.get(out));
        }
        checkTotal();
    }

    /**
     * Every offset and peak the planners compute is at most the sum of all sizes: keep it an int.
     */
    private void checkTotal() {
        long total = 0;
        for (int b : bytes) {
            total += b;
        }
        for (int s : scratch) {
            total += s;
        }
        if (total > MAX_BYTES) {
            int largest = 0;
            for (int b = 1; b < bytes.size(); b++) {
                largest = bytes.get(b) > bytes.get(largest) ? b : largest;
            }
            Integer key = largest;
            String name =
                    bufferOf.entrySet().stream()
                            .filter(e -> e.getValue().equals(key))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse("?");
            throw new IllegalArgumentException(
                    "graph "
                            + graph.name()
                            + "'s activations and scratch need "
                            + total
                            + " bytes together, more than one arena can hold ("
                            + MAX_BYTES
                            + " bytes; the "
                            + "largest is '"
                            + name
                            + "', "
                            + bytes.get(largest)
                            + " bytes); no microcontroller has that "
                            + "memory: give the model a smaller input or fewer channels");
        }
    }

    private int newBuffer(Tensor t, int producedBy) {
        bufferOf.put(t.name(), bytes.size());
        sizedBy.add(t.name());
        bytes.add(alignedBytes(t));
        consumers.add(new LinkedHashSet<>());
        producer.add(producedBy);
        return bytes.size() - 1;
    }

    /** {@code t}'s bytes rounded up to the alignment, computed without overflow and checked. */
    private static int alignedBytes(Tensor t) {
        long n = t.dtype().bytes();
        try {
            for (int d : t.shape()) {
                n = Math.multiplyExact(n, (long) d);
            }
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.name()
                            + "' of shape "
                            + java.util.Arrays.toString(t.shape())
                            + " needs "
                            + (n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n))
                            + " bytes, more than one arena can hold ("
                            + MAX_BYTES
                            + " bytes); no "
                            + "microcontroller has that memory: give the model a smaller input or fewer channels");
        }
        return GreedyPlanner.align((int) n);
    }

    /** The graph. */
    public Graph graph() {
        return graph;
    }

    /** Number of nodes. */
    public int nodeCount() {
        return nodeOutput.length;
    }

    /** Number of buffers. */
    public int count() {
        return bytes.size();
    }

    /** The buffer holding activation tensor {@code tensor}. */
    public int bufferOf(String tensor) {
        Integer b = bufferOf.get(tensor);
        if (b == null) {
            throw new IllegalArgumentException(
                    "'" + tensor + "' is not an activation of graph " + graph.name());
        }
        return b;
    }

    /** Aligned size of buffer {@code b}. */
    public int bytes(int b) {
        return bytes.get(b);
    }

    /** Node producing buffer {@code b}, -1 for a graph input. */
    public int producer(int b) {
        return producer.get(b);
    }

    /** Nodes reading buffer {@code b} (through any of its tensors). */
    public Set<Integer> consumers(int b) {
        return consumers.get(b);
    }

    /** True for graph-output buffers (live until the end). */
    public boolean isOutput(int b) {
        return outputs.contains(b);
    }

    /** True for graph-input buffers (live from the start). */
    public boolean isInput(int b) {
        return inputs.contains(b);
    }

    /** Distinct buffers node {@code n} reads. */
    public int[] inputsOf(int n) {
        return nodeInputs[n].clone();
    }

    /** Buffer node {@code n} writes (its input's buffer for an aliasing RESHAPE). */
    public int outputOf(int n) {
        return nodeOutput[n];
    }

    /** The activation tensor whose size buffer {@code b} has (a streamed chain's: its output). */
    public String tensorOf(int b) {
        return sizedBy.get(b);
    }

    /**
     * True when node {@code n} allocates nothing (a RESHAPE that leaves the bytes in place, or a
     * streamed chain's node after the first).
     */
    public boolean isAlias(int n) {
        Node node = graph.nodes().get(n);
        StreamChain chain = chainOf(n);
        return (node.op() == OpKind.RESHAPE && DeviceLayout.reshapeIsAlias(graph, node))
                || (chain != null && chain.head() != n);
    }

    /** The streamed chains. */
    public List<StreamChain> streams() {
        return streams;
    }

    /** The streamed chain holding node {@code n}, or null. */
    public StreamChain chainOf(int n) {
        for (StreamChain c : streams) {
            if (c.contains(n)) {
                return c;
            }
        }
        return null;
    }

    /**
     * True when node {@code n}'s kernel may write over an input of its output's size (add, clamp,
     * the table activations, mul unless its broadcast factor has the output's aligned size, and a
     * depthwise convolution whose input dies there, {@link KernelScratch#mayRunInPlace}, when these
     * buffers run depthwise in place).
     */
    public boolean mayRunInPlace(int n) {
        Node node = graph.nodes().get(n);
        OpKind op = node.op();
        if (chainOf(n) != null) {
            return false;
        }
        if (op == OpKind.CONV) {
            return inPlaceDepthwise && KernelScratch.mayRunInPlace(graph, node);
        }
        if (op == OpKind.MUL) {
            Integer b = bufferOf.get(node.input(1));
            return b == null
                    || graph.tensor(node.input(1)).elements() == graph.outputOf(node).elements()
                    || bytes(b) != bytes(nodeOutput[n]);
        }
        return op == OpKind.ADD
                || op == OpKind.CLAMP
                || op == OpKind.SIGMOID
                || op == OpKind.HARD_SIGMOID
                || op == OpKind.HARD_SWISH;
    }

    /** Whether the depthwise convolutions that may run in place do. */
    public boolean inPlaceDepthwise() {
        return inPlaceDepthwise;
    }

    /** True when depthwise node {@code node} runs in place under these buffers. */
    public boolean runsInPlace(Node node) {
        return inPlaceDepthwise
                && KernelScratch.mayRunInPlace(graph, node)
                && chainOf(graph.indexOf(node)) == null;
    }

    /** Aligned scratch bytes of node {@code n}. */
    public int scratch(int n) {
        return scratch[n];
    }
}
