package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Int8Form.ConstantInput;
import org.tinyprune.nn.Int8Form.Lowering;
import org.tinyprune.nn.Node;

/**
 * Emits the quantised IR node of one folded-graph layer from what the layer declares through {@link
 * Int8Form} (used by {@link IrQuantizer}): its inputs in the node's order, its constants encoded by
 * kind (int8 weights per output channel, int32 biases, float parameters), its output tensor with
 * the planned quantisation.
 */
final class LayerToIr {

    private final Graph graph;
    private final GraphBuilder ir;
    private final Map<String, String> tensorOf;
    private final Function<String, Quantization> quantOf;

    LayerToIr(
            Graph graph,
            GraphBuilder ir,
            Map<String, String> tensorOf,
            Function<String, Quantization> quantOf) {
        this.graph = graph;
        this.ir = ir;
        this.tensorOf = tensorOf;
        this.quantOf = quantOf;
    }

    /**
     * The int8 form of every node but the graph inputs, in graph order.
     *
     * @param graph a folded graph
     * @return lowerings by node name
     * @throws IllegalArgumentException listing every node whose layer has no int8 form, or whose
     *     configuration its int8 form refuses, with the reason
     */
    static Map<String, Lowering> lowerAll(Graph graph) {
        Map<String, Lowering> lowerings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (graph.inputNames().contains(n.name())) {
                continue;
            }
            if (!(n.layer() instanceof Int8Form form)) {
                problems.add(
                        "node '"
                                + n.name()
                                + "': layer "
                                + n.layer().kind()
                                + " has no int8 form"
                                + " (BatchNorm and Dropout are folded away first by BatchNormFolder.fold; other layers need"
                                + " an int8 kernel)");
                continue;
            }
            try {
                lowerings.put(n.name(), form.int8Form(graph.inputShapes(n.name())));
            } catch (IllegalArgumentException e) {
                problems.add(
                        "node '" + n.name() + "' (" + n.layer().kind() + "): " + e.getMessage());
            }
        }
        if (problems.size() == 1) {
            throw new IllegalArgumentException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "int8 quantisation of graph '"
                            + graph.name()
                            + "' cannot lower "
                            + problems.size()
                            + " nodes:\n  "
                            + String.join("\n  ", problems));
        }
        return lowerings;
    }

    /**
     * Adds the node, its constants and its output tensor.
     *
     * @param n the folded-graph node
     * @param lowering its int8 form
     * @param fused the clamp of an activation fused into it ({@link Clamp#NONE} if none)
     */
    void emit(Node n, Lowering lowering, Clamp fused) {
        List<String> all = IrQuantizer.inputTensors(n, tensorOf);
        List<String> in = new ArrayList<>();
        for (int i : lowering.inputOrder(all.size())) {
            in.add(all.get(i));
        }
        String out = tensorOf.get(n.name());
        Quantization q = quantOf.apply(n.name());
        Attributes a = lowering.attributes();
        if (!fused.isNone()) {
            a = a.withClamp(a.clamp().intersect(fused));
        }
        in.addAll(constants(n, lowering.constants(), ir.find(in.get(0)).quantization()));
        org.tinyprune.ir.Node node = new org.tinyprune.ir.Node(n.name(), lowering.op(), in, out, a);
        int[] shape = IrQuantizer.batched(graph.shape(n.name()));
        try {
            if (lowering.op() == OpKind.RESHAPE) {
                ir.tensor(Tensor.activation(out, shape, DType.INT8, q)).node(node);
            } else {
                ir.node(node, DType.INT8, q);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "node '"
                            + n.name()
                            + "' ("
                            + n.layer().kind()
                            + "): its int8 "
                            + lowering.op()
                            + " is invalid: "
                            + e.getMessage(),
                    e);
        }
        int[] inferred = ir.find(out).shape();
        if (!Arrays.equals(inferred, shape)) {
            throw new IllegalArgumentException(
                    "node '"
                            + n.name()
                            + "' ("
                            + n.layer().kind()
                            + "): its int8 "
                            + lowering.op()
                            + " computes shape "
                            + Arrays.toString(inferred)
                            + " where the layer computes "
                            + Arrays.toString(shape)
                            + " (a layer whose int8 form disagrees with its float form)");
        }
    }

    /** Adds the constants as IR tensors; returns their names. */
    private List<String> constants(Node n, List<ConstantInput> constants, Quantization qIn) {
        List<String> names = new ArrayList<>();
        float[] weightScales = null;
        for (ConstantInput c : constants) {
            String name = n.name() + "." + c.name();
            switch (c.kind()) {
                case WEIGHT -> {
                    WeightQuantizer.Weights qw =
                            WeightQuantizer.perChannel(c.values(), c.shape()[0]);
                    weightScales = qw.scales();
                    ir.tensor(
                            Tensor.constant(
                                    name,
                                    c.shape(),
                                    qw.codes(),
                                    Quantization.perAxis(qw.scales(), 0)));
                }
                case BIAS -> {
                    if (weightScales == null || weightScales.length != c.shape()[0]) {
                        throw new IllegalArgumentException(
                                "node '"
                                        + n.name()
                                        + "' ("
                                        + n.layer().kind()
                                        + "): its int8 bias needs a weight of "
                                        + c.shape()[0]
                                        + " output channels before it");
                    }
                    float[] biasScales = WeightQuantizer.biasScales(qIn.scale(), weightScales);
                    ir.tensor(
                            Tensor.constant(
                                    name,
                                    c.shape(),
                                    WeightQuantizer.bias(c.values(), biasScales),
                                    Quantization.perAxis(biasScales, 0)));
                }
                case FLOAT -> ir.tensor(Tensor.constant(name, c.shape(), c.values()));
            }
            names.add(name);
        }
        return names;
    }
}
