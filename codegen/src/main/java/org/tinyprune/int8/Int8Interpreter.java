package org.tinyprune.int8;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * The int8 reference interpreter: executes a quantised IR graph exactly as the C kernels do, so
 * generated C and board outputs can be compared with it bit for bit. It is the executable
 * specification of the device.
 *
 * <p>Life cycle: construction checks every node against what the kernels accept and derives all
 * requantisation parameters (failing with the node's name on anything unsupported); then {@link
 * #run(byte[])} or {@link #runAll(Map)} may be called any number of times (thread-safe). Tensors
 * are int8 codes in the IR's logical row-major layout (NCHW or NF).
 */
public final class Int8Interpreter {

    private final Graph graph;
    private final List<Int8Kernel> kernels = new ArrayList<>();

    /**
     * Prepares a quantised graph.
     *
     * @param graph a graph whose activations are int8 per-tensor, weights int8 per-channel and
     *     biases int32
     * @throws IllegalArgumentException naming the node when the graph is not runnable in int8
     */
    public Int8Interpreter(Graph graph) {
        this(graph, false);
    }

    private Int8Interpreter(Graph graph, boolean naiveConvolutions) {
        this.graph = graph;
        for (String in : graph.inputs()) {
            Int8Checks.activation(graph.nodes().get(0), graph.tensor(in));
        }
        for (Node node : graph.nodes()) {
            kernels.add(
                    naiveConvolutions && node.op() == OpKind.CONV
                            ? new ReferenceConvInt8(graph, node)
                            : prepare(graph, node));
        }
    }

    /**
     * Prepares a quantised graph to run with the naive, directly-written convolution ({@code
     * ReferenceConvInt8}) instead of the optimised one: same outputs bit for bit, many times
     * slower. For tests and for benchmarking the optimised kernels against their definition.
     *
     * @param graph a quantised graph, as for {@link #Int8Interpreter(Graph)}
     * @return the reference interpreter
     * @throws IllegalArgumentException naming the node when the graph is not runnable in int8
     */
    public static Int8Interpreter reference(Graph graph) {
        return new Int8Interpreter(graph, true);
    }

    /**
     * The kernel of one node (the op registry).
     *
     * @param graph the graph holding the node
     * @param node the node
     * @return the prepared kernel
     * @throws IllegalArgumentException if the op cannot run in int8
     */
    public static Int8Kernel prepare(Graph graph, Node node) {
        return switch (node.op()) {
            case CONV -> new ConvInt8(graph, node);
            case DENSE -> new DenseInt8(graph, node);
            case MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL -> new PoolInt8(graph, node);
            case ADD -> new AddInt8(graph, node);
            case CONCAT -> new ConcatInt8(graph, node);
            case RESHAPE, CLAMP -> new ClampInt8(graph, node);
            case SIGMOID, HARD_SIGMOID, HARD_SWISH -> new LutInt8(graph, node);
            case MUL -> new MulInt8(graph, node);
            case SOFTMAX ->
                    throw Int8Checks.fail(
                            node,
                            "softmax is not computed in int8; end the quantised "
                                    + "graph at the logits and apply a float softmax to the dequantised output");
            case BATCH_NORM, QUANTIZE, DEQUANTIZE ->
                    throw Int8Checks.fail(
                            node,
                            "import-only op; run the "
                                    + "graph passes (BN folding, QDQ folding) before interpreting the quantised graph");
            case PAD -> new PadInt8(graph, node);
            case TRANSPOSE, CHANNEL_SHUFFLE -> new TransposeInt8(graph, node);
        };
    }

    /** The graph being interpreted. */
    public Graph graph() {
        return graph;
    }

    /**
     * Runs a single-input, single-output graph.
     *
     * @param input the input tensor's int8 codes
     * @return the output tensor's int8 codes
     */
    public byte[] run(byte[] input) {
        Map<String, byte[]> values = runAll(Map.of(graph.inputs().get(0), input));
        return values.get(graph.outputs().get(0));
    }

    /**
     * Runs the graph and returns every activation (inputs included) by tensor name, in execution
     * order: the per-layer golden values for generated C.
     *
     * @param inputs int8 codes for every graph input
     * @return all activations
     * @throws IllegalArgumentException if an input is missing or has the wrong length
     */
    public Map<String, byte[]> runAll(Map<String, byte[]> inputs) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String name : graph.inputs()) {
            byte[] v = inputs.get(name);
            long expected = graph.tensor(name).elements();
            if (v == null || v.length != expected) {
                throw new IllegalArgumentException(
                        "graph input '"
                                + name
                                + "' needs "
                                + expected
                                + " int8 values, got "
                                + (v == null ? "none" : v.length));
            }
            values.put(name, v);
        }
        Map<String, byte[]> view = new HashMap<>(values);
        for (int i = 0; i < kernels.size(); i++) {
            Node node = graph.nodes().get(i);
            List<byte[]> args = new ArrayList<>();
            for (String in : node.inputs()) {
                if (!graph.tensor(in).isConstant()) {
                    args.add(view.get(in));
                }
            }
            byte[] out = kernels.get(i).run(args);
            values.put(node.output(), out);
            view.put(node.output(), out);
        }
        return values;
    }

    /**
     * Runs a single-input, single-output graph with some chains of its nodes streamed ({@link
     * StreamedChain}): each chain runs when its first node's turn comes, and its intermediate maps
     * never exist whole. The output equals {@link #run} bit for bit.
     *
     * @param input the input tensor's int8 codes
     * @param chains chains of this graph's nodes (names, in order), disjoint
     * @return the output tensor's int8 codes
     * @throws IllegalArgumentException naming the node when a chain cannot be streamed
     */
    public byte[] runStreamed(byte[] input, List<List<String>> chains) {
        Map<Integer, StreamedChain> byHead = new HashMap<>();
        java.util.Set<Integer> inside = new java.util.HashSet<>();
        for (List<String> names : chains) {
            List<Node> chain = names.stream().map(graph::node).toList();
            byHead.put(graph.indexOf(chain.get(0)), StreamedChain.of(graph, chain));
            for (Node n : chain.subList(1, chain.size())) {
                inside.add(graph.indexOf(n));
            }
        }
        String in = graph.inputs().get(0);
        if (input.length != graph.tensor(in).elements()) {
            throw new IllegalArgumentException(
                    "graph input '"
                            + in
                            + "' needs "
                            + graph.tensor(in).elements()
                            + " int8 values, got "
                            + input.length);
        }
        Map<String, byte[]> view = new HashMap<>(Map.of(in, input));
        for (int i = 0; i < kernels.size(); i++) {
            Node node = graph.nodes().get(i);
            StreamedChain chain = byHead.get(i);
            if (chain != null) {
                view.put(
                        chain.nodes().get(chain.nodes().size() - 1).output(),
                        chain.run(view.get(node.input(0))));
                continue;
            }
            if (inside.contains(i)) {
                continue;
            }
            List<byte[]> args = new ArrayList<>();
            for (String t : node.inputs()) {
                if (!graph.tensor(t).isConstant()) {
                    args.add(view.get(t));
                }
            }
            view.put(node.output(), kernels.get(i).run(args));
        }
        return view.get(graph.outputs().get(0));
    }

    /** Quantisation of the (first) graph input. */
    public Quantization inputQuantization() {
        return graph.tensor(graph.inputs().get(0)).quantization();
    }

    /** Quantisation of the (first) graph output. */
    public Quantization outputQuantization() {
        return graph.tensor(graph.outputs().get(0)).quantization();
    }

    /**
     * Quantises a real input, runs, and dequantises the output.
     *
     * @param input real input values in the input tensor's layout
     * @return real output values
     */
    public float[] runReal(float[] input) {
        return Affine.dequantize(
                run(Affine.quantize(input, inputQuantization())), outputQuantization());
    }

    /**
     * Index of the first maximum (what {@code tp_argmax_s8} returns) of one batch-1 output.
     *
     * @param values int8 values (non-empty)
     * @return the index of the first largest value
     */
    public static int argmax(byte[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Tensor of a graph by name (convenience for callers holding only the interpreter).
     *
     * @param name tensor name
     * @return the tensor
     */
    public Tensor tensor(String name) {
        return graph.tensor(name);
    }
}
