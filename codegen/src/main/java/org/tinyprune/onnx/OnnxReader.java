package org.tinyprune.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.op.OpImporter;
import org.tinyprune.onnx.op.OpImporters;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.OperatorSetIdProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorShapeProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;
import org.tinyprune.pass.GraphPass;
import org.tinyprune.pass.Passes;

/**
 * Reads an ONNX model into the network IR: restate integer (QOperator) nodes in QDQ form ({@link
 * QOperatorRewrite}), import every node through its {@link org.tinyprune.onnx.op.OpImporter}, then
 * run the standard graph passes (fold batch norm, fuse activations, fold QDQ, check). The result is
 * a float graph or an int8 graph ready for planning and emission.
 */
public final class OnnxReader {
    /** The most elements a graph input may declare (the planner counts bytes in an int). */
    static final long MAX_INPUT_ELEMENTS = 1L << 28;

    private OnnxReader() {}

    /** Reads and imports {@code file}. */
    public static Graph read(Path file) throws IOException, UnsupportedModelException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new UnsupportedModelException(
                    file + " is not an ONNX model: " + e.getMessage(), e);
        }
        try {
            return read(model);
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(file + ": " + e.getMessage(), e);
        }
    }

    /** Imports a parsed model and runs the standard passes. */
    public static Graph read(ModelProto model) throws UnsupportedModelException {
        Graph g = importGraph(model);
        for (GraphPass p : Passes.standard()) {
            g = p.apply(g);
        }
        return g;
    }

    /**
     * Imports a parsed model without running any pass (QDQ and batch-norm nodes still present).
     * Every node is checked before anything fails: the exception lists each unsupported node (its
     * name, op and why); a node whose input comes from a refused node is checked too when the model
     * declares that input's shape ({@code value_info}), otherwise it is counted as unchecked.
     */
    public static Graph importGraph(ModelProto model) throws UnsupportedModelException {
        checkDeclarations(model.getGraph());
        GraphProto g = QOperatorRewrite.apply(model).getGraph();
        ImportContext ctx =
                new ImportContext(g.getName().isEmpty() ? "model" : g.getName(), opset(model));
        for (TensorProto t : g.getInitializerList()) {
            ctx.initializer(t);
        }
        g.getNodeList().forEach(n -> n.getInputList().forEach(ctx::markRead));
        g.getOutputList().forEach(v -> ctx.markRead(v.getName()));
        for (ValueInfoProto v : g.getInputList()) {
            if (g.getInitializerList().stream().noneMatch(t -> t.getName().equals(v.getName()))) {
                try {
                    ctx.graph()
                            .tensor(
                                    Tensor.activation(
                                            v.getName(), staticShape(v), DType.FLOAT32, null));
                    ctx.graph().input(v.getName());
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedModelException(
                            "graph input '" + v.getName() + "': " + e.getMessage(), e);
                }
            }
        }
        Map<String, ValueInfoProto> declared = new HashMap<>();
        g.getValueInfoList().forEach(v -> declared.put(v.getName(), v));
        g.getOutputList().forEach(v -> declared.put(v.getName(), v));
        List<UnsupportedModelException> problems = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        boolean unknownOp = false;
        int unchecked = 0;
        List<NodeProto> nodes = g.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            String name = ctx.nameOf(n, i);
            OpImporter imp = OpImporters.forOp(n.getOpType());
            UnsupportedModelException problem = null;
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                problem =
                        new UnsupportedModelException(
                                name,
                                n.getOpType(),
                                "operator domain '"
                                        + n.getDomain()
                                        + "' is not supported (only the default ONNX domain)");
            } else if (imp == null && !n.getOpType().equals("Constant")) {
                unknownOp = true;
                problem =
                        new UnsupportedModelException(
                                name, n.getOpType(), "operator not supported");
            } else if (n.getInputList().stream().anyMatch(refused::contains)) {
                unchecked++;
                refuse(ctx, n, refused, declared);
                continue;
            } else {
                problem = importNode(ctx, n, name, imp);
            }
            if (problem != null) {
                problems.add(problem);
                refuse(ctx, n, refused, declared);
            }
        }
        if (problems.size() == 1 && unchecked == 0) {
            UnsupportedModelException only = problems.get(0);
            throw unknownOp
                    ? new UnsupportedModelException(
                            only.node(),
                            only.op(),
                            only.why() + " (supported: " + OpImporters.supported() + ")")
                    : only;
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(
                    problems,
                    unchecked,
                    unknownOp ? "Supported operators: " + OpImporters.supported() : null);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            ctx.graph().output(ctx.resolve(v.getName()));
        }
        Graph built;
        try {
            built = ctx.graph().build();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(e.getMessage(), e);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            String mismatch =
                    DeclaredShapes.outputMismatch(
                            v, built.tensor(ctx.resolve(v.getName())).shape(), false);
            if (mismatch != null) {
                throw new UnsupportedModelException(mismatch);
            }
        }
        return built;
    }

    /**
     * Refuses, before any node is read, a node without an output, initializers with impossible
     * dims, data of the wrong size or non-finite values ({@link ConstantChecks}), and graph inputs
     * declared with another shape than their initializer's.
     */
    private static void checkDeclarations(GraphProto g) throws UnsupportedModelException {
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
                throw new UnsupportedModelException(
                        n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName(),
                        n.getOpType(),
                        "has no output; every node must name its first output");
            }
        }
        List<String> problems = new ArrayList<>(ConstantChecks.problems(g).values());
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        for (ValueInfoProto v : g.getInputList()) {
            String mismatch =
                    inits.containsKey(v.getName())
                            ? DeclaredShapes.initializerMismatch(v, inits.get(v.getName()))
                            : null;
            if (mismatch != null) {
                problems.add(mismatch);
            }
        }
        if (problems.size() == 1) {
            throw new UnsupportedModelException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException(
                    problems.size() + " problems:\n  " + String.join("\n  ", problems));
        }
    }

    /** Imports one node; returns the problem instead of throwing. */
    private static UnsupportedModelException importNode(
            ImportContext ctx, NodeProto n, String name, OpImporter imp) {
        try {
            if (n.getOpType().equals("Constant")) {
                ctx.initializer(constantValue(n, name));
            } else {
                imp.importNode(n, name, ctx);
            }
            return null;
        } catch (UnsupportedModelException e) {
            return e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new UnsupportedModelException(name, n.getOpType(), e.getMessage());
        }
    }

    /**
     * Marks a refused node's outputs; where the model declares an output's static float shape, a
     * stand-in tensor lets the nodes reading it still be checked.
     */
    private static void refuse(
            ImportContext ctx,
            NodeProto n,
            Set<String> refused,
            Map<String, ValueInfoProto> declared) {
        for (String out : n.getOutputList()) {
            ValueInfoProto v = declared.get(out);
            if (out.isEmpty() || ctx.graph().find(out) != null) {
                continue;
            }
            try {
                if (v == null) {
                    throw new UnsupportedModelException("no declared shape");
                }
                ctx.graph().tensor(Tensor.activation(out, staticShape(v), DType.FLOAT32, null));
            } catch (UnsupportedModelException | IllegalArgumentException e) {
                refused.add(out);
            }
        }
    }

    /**
     * Operators whose version-1 semantics (and attributes) are what the importers implement for
     * opset 6 and later, so a graph of only these may import an opset below 6.
     */
    private static final Set<String> SAME_SINCE_OPSET_1 =
            Set.of("GlobalAveragePool", "Identity", "Flatten", "Transpose");

    private static int opset(ModelProto model) throws UnsupportedModelException {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                List<String> changed =
                        model.getGraph().getNodeList().stream()
                                .map(NodeProto::getOpType)
                                .filter(op -> !SAME_SINCE_OPSET_1.contains(op))
                                .distinct()
                                .toList();
                if (o.getVersion() < 6 && !changed.isEmpty()) {
                    throw new UnsupportedModelException(
                            "opset "
                                    + o.getVersion()
                                    + " is too old for "
                                    + changed
                                    + "; export with opset >= 6");
                }
                return (int) o.getVersion();
            }
        }
        throw new UnsupportedModelException("the model imports no default-domain opset");
    }

    private static int[] staticShape(ValueInfoProto v) throws UnsupportedModelException {
        if (!v.getType().hasTensorType()) {
            throw new UnsupportedModelException(
                    "graph input '" + v.getName() + "' is not a tensor");
        }
        int elem = v.getType().getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw new UnsupportedModelException(
                    "graph input '"
                            + v.getName()
                            + "' has element type "
                            + TensorProto.DataType.forNumber(elem)
                            + "; only FLOAT inputs are supported (QDQ models quantise "
                            + "them with QuantizeLinear)");
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        int[] shape = new int[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > MAX_INPUT_ELEMENTS) {
                throw new UnsupportedModelException(
                        "graph input '"
                                + v.getName()
                                + "' declares dimension "
                                + i
                                + " = "
                                + d.getDimValue()
                                + ", larger than any microcontroller input; export with the real input size");
            } else if (d.hasDimValue() && d.getDimValue() > 0) {
                shape[i] = (int) d.getDimValue();
                elements *= shape[i];
                if (elements > MAX_INPUT_ELEMENTS) {
                    throw new UnsupportedModelException(
                            "graph input '"
                                    + v.getName()
                                    + "' declares "
                                    + DeclaredShapes.describe(v)
                                    + ", more than "
                                    + MAX_INPUT_ELEMENTS
                                    + " elements: larger "
                                    + "than any microcontroller input; export with the real input size (and batch 1)");
                }
            } else if (i == 0) {
                shape[i] = 1; // symbolic batch: generated code runs batch 1
            } else {
                throw new UnsupportedModelException(
                        "graph input '"
                                + v.getName()
                                + "' has dynamic dimension "
                                + i
                                + " ('"
                                + d.getDimParam()
                                + "'); export with a fixed input shape");
            }
        }
        return shape;
    }

    private static TensorProto constantValue(NodeProto n, String name)
            throws UnsupportedModelException {
        if (n.getAttributeCount() != 1) {
            throw new UnsupportedModelException(
                    name, "Constant", "needs exactly one value attribute");
        }
        AttributeProto a = n.getAttribute(0);
        String out = n.getOutput(0);
        return switch (a.getName()) {
            case "value" -> a.getT().toBuilder().setName(out).build();
            case "value_float" -> OnnxTensors.floats(out, new long[0], new float[] {a.getF()});
            case "value_floats" -> {
                float[] v = new float[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield OnnxTensors.floats(out, new long[] {v.length}, v);
            }
            case "value_int" -> OnnxTensors.int64s(out, new long[0], new long[] {a.getI()});
            case "value_ints" ->
                    OnnxTensors.int64s(
                            out,
                            new long[] {a.getIntsCount()},
                            a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            default ->
                    throw new UnsupportedModelException(
                            name,
                            "Constant",
                            "attribute '"
                                    + a.getName()
                                    + "' is not supported (value, value_float(s), value_int(s))");
        };
    }
}
