package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;

/**
 * Turns a folded float graph and its calibrated activation ranges into a quantised IR graph
 * (batch 1, NCHW logical layout) that the int8 reference interpreter and the C generator run.
 *
 * <ul>
 *   <li>A ReLU/ReLU6 that is the only reader of a Conv2d, Dense or Add is fused into it as the
 *       node's {@link Clamp}; the node's output tensor takes the activation's name and range.</li>
 *   <li>Pooling, flatten, standalone clamps and concat need equal input and output quantisation
 *       (the kernels do not rescale): their tensors share one range, the union of the members'.</li>
 *   <li>Weights and biases are quantised by {@link WeightQuantizer}.</li>
 * </ul>
 * IR node names are the graph's node names; constants are named {@code node.weight} and
 * {@code node.bias}.
 */
public final class IrQuantizer {

    private final Graph graph;
    private final Map<String, String> tensorOf = new HashMap<>();
    private final Map<String, Clamp> fusedClamp = new HashMap<>();
    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, ActivationRange> groupRange = new HashMap<>();

    private IrQuantizer(Graph graph) {
        this.graph = graph;
    }

    /**
     * Quantises a folded graph.
     *
     * @param folded a graph without BatchNorm or Dropout ({@link BatchNormFolder#fold})
     * @param ranges calibrated range of every node's output ({@link Calibrator#ranges()})
     * @return the quantised IR graph
     * @throws IllegalArgumentException naming the node for layers or configurations int8 does not
     *     support
     */
    public static org.tinyprune.ir.Graph quantize(Graph folded, Map<String, ActivationRange> ranges) {
        IrQuantizer q = new IrQuantizer(folded);
        q.planFusion();
        q.planSharedRanges(ranges);
        return q.emit();
    }

    private void planFusion() {
        for (Node n : graph.nodes()) {
            tensorOf.putIfAbsent(n.name(), n.name());
            Layer l = n.layer();
            List<String> readers = graph.consumers(n.name());
            if ((l instanceof Conv2d || l instanceof Dense || l instanceof Add) && readers.size() == 1
                    && !n.name().equals(graph.outputName())) {
                Layer next = graph.node(readers.get(0)).layer();
                if (next instanceof ReLU || next instanceof ReLU6) {
                    fusedClamp.put(n.name(), next instanceof ReLU ? Clamp.RELU : Clamp.RELU6);
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
                throw new IllegalArgumentException("no calibrated range for tensor '" + t
                        + "'; calibrate the folded graph that is being quantised");
            }
            parent.putIfAbsent(t, t);
            groupRange.merge(find(t), r, ActivationRange::union);
        }
        for (Node n : graph.nodes()) {
            Layer l = n.layer();
            boolean shared = l instanceof MaxPool2d || l instanceof AvgPool2d || l instanceof GlobalAvgPool
                    || l instanceof Flatten || l instanceof Concat
                    || ((l instanceof ReLU || l instanceof ReLU6) && !isFusedActivation(n));
            if (shared) {
                for (String in : n.inputs()) {
                    union(tensorOf.get(in), tensorOf.get(n.name()));
                }
            }
        }
    }

    private boolean isFusedActivation(Node n) {
        return !n.inputs().isEmpty() && fusedClamp.containsKey(n.inputs().get(0))
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
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Input) {
                b.tensor(Tensor.activation(n.name(), batched(graph.shape(n.name())), DType.INT8, quantOf(n.name())))
                        .input(n.name());
            } else if (!isFusedActivation(n)) {
                new LayerToIr(graph, b, tensorOf, this::quantOf).emit(n, fusedClamp.getOrDefault(n.name(), Clamp.NONE));
            }
        }
        return b.output(tensorOf.get(graph.outputName())).build();
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
