package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Int8Form.Lowering;
import org.tinyprune.nn.Node;
import org.tinyprune.pass.FoldPad;

/**
 * Turns a folded float graph and its calibrated activation ranges into a quantised IR graph (batch
 * 1, NCHW logical layout) that the int8 reference interpreter and the C generator run.
 *
 * <p>Each layer says how it runs in int8 through {@link Int8Form}; this class plans across layers:
 *
 * <ul>
 *   <li>A clamp (ReLU, ReLU6, Clip: a {@link OpKind#CLAMP} form) that is the only reader of a node
 *       that {@link Lowering#takesActivation() takes an activation} (conv, dense, add, mul) is
 *       fused into it as the node's {@link Clamp}; the node's output tensor takes the activation's
 *       name and range.
 *   <li>Nodes whose output keeps its inputs' quantisation ({@link Int8Form.OutputRange#INPUTS}:
 *       pools, reshape, concat, standalone clamps...) share one range with their inputs, the union
 *       of the members' (the kernels do not rescale).
 *   <li>Weights and biases are quantised by {@link WeightQuantizer}.
 *   <li>A zero padding read only by a convolution or pool merges into it where that is exact
 *       (codegen's {@link FoldPad}, so the graph equals what codegen reads back from the QDQ
 *       export).
 * </ul>
 *
 * IR node names are the graph's node names; constants are named {@code node.weight}, {@code
 * node.bias} and {@code node.<name>} for float parameters.
 */
public final class IrQuantizer {

    private final Graph graph;
    private final Map<String, Lowering> lowerings;
    private final Map<String, String> tensorOf = new HashMap<>();
    private final Map<String, Clamp> fusedClamp = new HashMap<>();
    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, ActivationRange> groupRange = new HashMap<>();

    private IrQuantizer(Graph graph) {
        this.graph = graph;
        this.lowerings = LayerToIr.lowerAll(graph);
    }

    /**
     * Quantises a folded graph.
     *
     * @param folded a graph without BatchNorm or Dropout ({@link BatchNormFolder#fold})
     * @param ranges calibrated range of every node's output ({@link Calibrator#ranges()})
     * @return the quantised IR graph
     * @throws IllegalArgumentException naming every node whose layer or configuration int8 does not
     *     support
     */
    public static org.tinyprune.ir.Graph quantize(
            Graph folded, Map<String, ActivationRange> ranges) {
        IrQuantizer q = new IrQuantizer(folded);
        q.planFusion();
        q.planSharedRanges(ranges);
        return q.emit();
    }

    private void planFusion() {
        for (Node n : graph.nodes()) {
            tensorOf.putIfAbsent(n.name(), n.name());
            Lowering l = lowerings.get(n.name());
            List<String> readers = graph.consumers(n.name());
            if (l != null
                    && l.takesActivation()
                    && readers.size() == 1
                    && !n.name().equals(graph.outputName())) {
                Lowering next = lowerings.get(readers.get(0));
                if (next.op() == OpKind.CLAMP) {
                    fusedClamp.put(n.name(), next.attributes().clamp());
                    tensorOf.put(n.name(), readers.get(0));
                    tensorOf.put(readers.get(0), readers.get(0));
                }
            }
        }
    }

    private void planSharedRanges(Map<String, ActivationRange> ranges) {
        for (Node n : graph.nodes()) {
            String t = tensorOf.get(n.name());
            ActivationRange r = ranges.get(t);
            if (r == null) {
                throw new IllegalArgumentException(
                        "no calibrated range for tensor '"
                                + t
                                + "'; calibrate the folded graph that is being quantised");
            }
            parent.putIfAbsent(t, t);
            groupRange.merge(find(t), r, ActivationRange::union);
        }
        for (Node n : graph.nodes()) {
            Lowering l = lowerings.get(n.name());
            if (l != null && l.range() == Int8Form.OutputRange.INPUTS && !isFusedActivation(n)) {
                for (String in : n.inputs()) {
                    union(tensorOf.get(in), tensorOf.get(n.name()));
                }
            }
        }
    }

    private boolean isFusedActivation(Node n) {
        return !n.inputs().isEmpty()
                && fusedClamp.containsKey(n.inputs().get(0))
                && tensorOf.get(n.inputs().get(0)).equals(n.name());
    }

    private String find(String t) {
        String p = parent.get(t);
        if (p.equals(t)) {
            return t;
        }
        String root = find(p);
        parent.put(t, root);
        return root;
    }

    private void union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
            groupRange.put(ra, groupRange.get(ra).union(groupRange.remove(rb)));
        }
    }

    private Quantization quantOf(String nodeName) {
        return groupRange.get(find(tensorOf.get(nodeName))).toQuantization();
    }

    private org.tinyprune.ir.Graph emit() {
        GraphBuilder b = org.tinyprune.ir.Graph.builder(graph.name());
        LayerToIr toIr = new LayerToIr(graph, b, tensorOf, this::quantOf);
        for (Node n : graph.nodes()) {
            Lowering l = lowerings.get(n.name());
            if (l == null) {
                b.tensor(
                                Tensor.activation(
                                        n.name(),
                                        batched(graph.shape(n.name())),
                                        DType.INT8,
                                        quantOf(n.name())))
                        .input(n.name());
            } else if (!isFusedActivation(n)) {
                toIr.emit(n, l, fusedClamp.getOrDefault(n.name(), Clamp.NONE));
            }
        }
        return new FoldPad().apply(b.output(tensorOf.get(graph.outputName())).build());
    }

    static int[] batched(int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = 1;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    static List<String> inputTensors(Node n, Map<String, String> tensorOf) {
        List<String> in = new ArrayList<>();
        for (String s : n.inputs()) {
            in.add(tensorOf.get(s));
        }
        return in;
    }
}
