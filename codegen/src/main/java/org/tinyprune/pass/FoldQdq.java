package org.tinyprune.pass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Turns a QDQ graph (float ops between DequantizeLinear and QuantizeLinear) into an int8 graph:
 * each op reads the int8 tensors its DequantizeLinear inputs dequantise and writes the int8 tensor
 * its QuantizeLinear produces; quantised weights keep their int8 data with per-channel scales;
 * biases become int32 with scale = input scale × weight scale (requantised with round-half-even
 * when the model stored them otherwise); QuantizeLinear of a float constant is computed here; the
 * graph input becomes the quantised input and the graph output the quantised logits. Ops that move
 * values without arithmetic (pools, reshape, concat, clamp) must keep their input's quantisation,
 * as the kernels require. HardSigmoid keeps its float {@code [alpha, beta]} and a Mul its quantised
 * constant factor (int8). A graph without Q/DQ nodes is returned unchanged.
 */
public final class FoldQdq implements GraphPass {
    @Override
    public String name() {
        return "fold-qdq";
    }

    @Override
    public Graph apply(Graph g) throws UnsupportedModelException {
        if (g.nodes().stream()
                .noneMatch(n -> n.op() == OpKind.QUANTIZE || n.op() == OpKind.DEQUANTIZE)) {
            return g;
        }
        GraphBuilder b = Graph.builder(g.name());
        g.tensors().values().forEach(b::tensor);
        Set<Node> claimed = new HashSet<>();
        for (String in : g.inputs()) {
            List<Node> users = g.consumers(in);
            if (users.size() != 1 || users.get(0).op() != OpKind.QUANTIZE) {
                throw new UnsupportedModelException(
                        "graph input '"
                                + in
                                + "' must feed exactly one QuantizeLinear in "
                                + "a QDQ model, feeds "
                                + users.stream().map(Node::name).toList());
            }
            claimed.add(users.get(0));
            b.input(users.get(0).output());
        }
        for (Node n : g.nodes()) {
            if (n.op() == OpKind.DEQUANTIZE || claimed.contains(n)) {
                continue;
            }
            if (n.op() == OpKind.QUANTIZE) {
                Tensor x = g.tensor(n.input(0));
                if (!x.isConstant()) {
                    throw fail(
                            n,
                            "QuantizeLinear of '"
                                    + x.name()
                                    + "' does not directly follow a quantisable op "
                                    + "(requantisation chains are not supported)");
                }
                b.tensor(Quantizer.constant(x, g.outputOf(n)));
                continue;
            }
            fold(g, b, n, claimed).forEach(b::node);
        }
        List<String> outs = new ArrayList<>();
        for (String o : g.outputs()) {
            Node p = g.producer(o).orElse(null);
            if (p == null || p.op() != OpKind.DEQUANTIZE) {
                throw new UnsupportedModelException(
                        "graph output '"
                                + o
                                + "' must come from a DequantizeLinear in a "
                                + "QDQ model (produced by "
                                + (p == null ? "nothing" : p.name())
                                + ")");
            }
            outs.add(p.input(0));
        }
        b.outputs(outs);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("after folding QDQ: " + e.getMessage(), e);
        }
    }

    /**
     * The int8 form of {@code n}, followed by the reshapes an importer appended to it (ReduceMean
     * with keepdims = 0): those sit between the op and its QuantizeLinear and take its
     * quantisation. Ops that only move int8 codes (QOperator graphs) are kept as they are.
     */
    private static List<Node> fold(Graph g, GraphBuilder b, Node n, Set<Node> claimed)
            throws UnsupportedModelException {
        if (movesCodes(g, n)) {
            return List.of(n);
        }
        List<Node> chain = new ArrayList<>();
        Node last = n;
        List<Node> users = g.consumers(n.output());
        while (users.size() == 1
                && users.get(0).op() == OpKind.RESHAPE
                && !g.outputs().contains(last.output())) {
            last = users.get(0);
            chain.add(last);
            users = g.consumers(last.output());
        }
        if (users.size() != 1
                || users.get(0).op() != OpKind.QUANTIZE
                || g.outputs().contains(last.output())) {
            throw fail(
                    n,
                    "its output is not quantised by exactly one QuantizeLinear; every op of a QDQ model must be");
        }
        Node q = users.get(0);
        claimed.add(q);
        claimed.addAll(chain);
        Tensor out = g.outputOf(q);
        List<Node> folded = new ArrayList<>();
        Tensor nOut = out;
        if (!chain.isEmpty()) {
            nOut =
                    Tensor.activation(
                            n.output(), g.outputOf(n).shape(), out.dtype(), out.quantization());
            b.tensor(nOut);
        }
        folded.add(single(g, b, n, nOut));
        for (Node r : chain) {
            Tensor t =
                    r == last
                            ? out
                            : Tensor.activation(
                                    r.output(),
                                    g.outputOf(r).shape(),
                                    out.dtype(),
                                    out.quantization());
            b.tensor(t);
            folded.add(new Node(r.name(), r.op(), r.inputs(), t.name(), r.attributes()));
        }
        return folded;
    }

    private static Node single(Graph g, GraphBuilder b, Node n, Tensor out)
            throws UnsupportedModelException {
        List<String> in = new ArrayList<>();
        int activations = n.op().hasWeights() ? 1 : n.inputs().size();
        for (int i = 0; i < activations; i++) {
            if (n.op().hasFloatParameter(i)) {
                in.add(n.input(i));
                continue;
            }
            Tensor t = source(g, n, n.input(i));
            if (t.isConstant() && n.op().acceptsInt8Constant(i)) {
                in.add(t.name());
                continue;
            }
            if (t.isConstant()) {
                throw fail(
                        n,
                        "input '"
                                + n.input(i)
                                + "' is a constant; only activations may be inputs here");
            }
            if (n.op().keepsQuantization()
                    && !Objects.equals(t.quantization(), out.quantization())) {
                throw fail(
                        n,
                        "int8 "
                                + n.op()
                                + " needs its output quantised like its input ("
                                + t.quantization()
                                + "), got "
                                + out.quantization()
                                + "; give both QuantizeLinear nodes the same scale and zero point");
            }
            in.add(t.name());
        }
        if (n.op().hasWeights()) {
            Tensor x = g.tensor(in.get(0));
            Tensor w = Quantizer.weights(source(g, n, n.input(1)), n);
            b.tensor(w);
            in.add(w.name());
            if (n.inputs().size() == 3) {
                Tensor raw = g.tensor(n.input(2));
                Tensor bias = raw.isConstant() ? raw : source(g, n, n.input(2));
                Tensor qb = Quantizer.bias(bias, x.quantization().scale(), w.quantization(), n);
                b.tensor(qb);
                in.add(qb.name());
            }
        }
        return new Node(n.name(), n.op(), in, out.name(), n.attributes());
    }

    /**
     * True for a max pool, reshape or concat applied to int8 tensors directly (the QOperator form
     * writes them between integer ops, without Q/DQ): it moves codes, so it stays as it is. A
     * concat needs one quantisation on every input.
     */
    private static boolean movesCodes(Graph g, Node n) throws UnsupportedModelException {
        if (n.op() != OpKind.MAX_POOL && n.op() != OpKind.RESHAPE && n.op() != OpKind.CONCAT) {
            return false;
        }
        Tensor out = g.outputOf(n);
        for (Tensor t : g.inputsOf(n)) {
            if (t.dtype() != org.tinyprune.ir.DType.INT8 || t.isConstant()) {
                return false;
            }
            if (!Objects.equals(t.quantization(), out.quantization())) {
                throw fail(
                        n,
                        "int8 "
                                + n.op()
                                + " needs every input quantised like its output ("
                                + out.quantization()
                                + "), input '"
                                + t.name()
                                + "' has "
                                + t.quantization());
            }
        }
        return true;
    }

    /** The int8/int32 tensor a DequantizeLinear output stands for. */
    private static Tensor source(Graph g, Node n, String name) throws UnsupportedModelException {
        Node p = g.producer(name).orElse(null);
        if (p == null || p.op() != OpKind.DEQUANTIZE) {
            throw fail(
                    n,
                    "input '"
                            + name
                            + "' does not come from a DequantizeLinear; every input of an op in a "
                            + "QDQ model must");
        }
        return g.tensor(p.input(0));
    }

    static UnsupportedModelException fail(Node n, String why) {
        return new UnsupportedModelException(n.name(), n.op().toString(), why);
    }
}
