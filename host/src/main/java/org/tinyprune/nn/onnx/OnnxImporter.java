package org.tinyprune.nn.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.onnx.OnnxImportException.Problem;
import org.tinyprune.onnx.ConstantChecks;
import org.tinyprune.onnx.DeclaredShapes;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.OperatorSetIdProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorShapeProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Imports a float ONNX CNN into the training engine: the result is a trainable {@link Graph} with
 * the model's weights, whose eval-mode forward pass equals ONNX Runtime's on the same file.
 *
 * <p>The pipeline, in {@link #importModel(ModelProto, String, InputSpec)}: check the one graph
 * input (static C×H×W, float) against the {@link InputSpec}; decode the initializers; translate
 * each node in order through its {@link OpTranslator} (constant subgraphs such as Shape → Gather →
 * Unsqueeze → Concat are evaluated by the {@link ConstantFolder}); build the graph. Nothing is
 * trained or written. Every problem found on the way (unsupported operator, attribute, missing or
 * float64 weight...) is collected, and one {@link OnnxImportException} lists them all.
 */
public final class OnnxImporter {
    /** Inputs an operator needs at least (ONNX operator specs) where that is more than one. */
    private static final Map<String, Integer> MIN_INPUTS =
            Map.ofEntries(
                    Map.entry("Conv", 2),
                    Map.entry("ConvTranspose", 2),
                    Map.entry("Gemm", 2),
                    Map.entry("MatMul", 2),
                    Map.entry("Add", 2),
                    Map.entry("Sub", 2),
                    Map.entry("Mul", 2),
                    Map.entry("Div", 2),
                    Map.entry("Reshape", 2),
                    Map.entry("BatchNormalization", 5),
                    Map.entry("QuantizeLinear", 2),
                    Map.entry("DequantizeLinear", 2),
                    Map.entry("Gather", 2),
                    Map.entry("Slice", 3));

    /** The most values one input image may have (far beyond any microcontroller's memory). */
    static final long MAX_INPUT_ELEMENTS = 1L << 28;

    private OnnxImporter() {}

    /**
     * Reads and imports {@code file}.
     *
     * @param spec input size and normalisation; null takes the size from the model and only scales
     *     pixels to [0, 1] ({@link InputSpec#unit})
     * @throws IOException if the file cannot be read
     * @throws OnnxImportException listing every reason the model cannot be imported
     */
    public static ImportedModel importModel(Path file, InputSpec spec)
            throws IOException, OnnxImportException {
        return importModel(read(file), file.getFileName().toString(), spec);
    }

    /**
     * Parses {@code file} as an ONNX model.
     *
     * @throws OnnxImportException if it is not one
     */
    public static ModelProto read(Path file) throws IOException, OnnxImportException {
        try (InputStream in = Files.newInputStream(file)) {
            return ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new OnnxImportException(
                    file.toString(), "not an ONNX model (" + e.getMessage() + ")");
        }
    }

    /**
     * Imports a parsed model.
     *
     * @param source what to call the model in messages (e.g. its file name)
     * @param spec input size and normalisation, or null (see {@link #importModel(Path, InputSpec)})
     * @throws OnnxImportException listing every reason the model cannot be imported
     */
    public static ImportedModel importModel(ModelProto model, String source, InputSpec spec)
            throws OnnxImportException {
        List<Problem> problems = new ArrayList<>();
        GraphProto g = model.getGraph();
        int opset = opset(model, problems);
        Set<String> initializers =
                g.getInitializerList().stream()
                        .map(TensorProto::getName)
                        .collect(Collectors.toSet());
        List<ValueInfoProto> inputs =
                g.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        int[] shape = inputShape(inputs, problems);
        InputSpec input = spec;
        if (shape != null && spec == null) {
            input = InputSpec.unit(shape);
        } else if (shape != null && !java.util.Arrays.equals(shape, spec.shape())) {
            problems.add(
                    Problem.model(
                            "the model's input '"
                                    + inputs.get(0).getName()
                                    + "' is "
                                    + Shapes.str(shape)
                                    + " (C, H, W) but the input size and channels given are "
                                    + Shapes.str(spec.shape())
                                    + "; give "
                                    + Shapes.str(shape)
                                    + " or re-export the model for "
                                    + Shapes.str(spec.shape())));
        }
        if (g.getOutputCount() != 1) {
            problems.add(
                    Problem.model(
                            "the model has "
                                    + g.getOutputCount()
                                    + " graph outputs "
                                    + names(g.getOutputList(), ValueInfoProto::getName)
                                    + "; only single-output classifiers are supported"));
        }
        String graphName = g.getName().isEmpty() ? "imported" : g.getName();
        GraphBuilder builder = Graph.builder(graphName);
        Translation t =
                new Translation(
                        builder,
                        opset,
                        g.getNodeList(),
                        g.getOutputList().stream()
                                .map(ValueInfoProto::getName)
                                .collect(Collectors.toSet()));
        Set<String> poisoned = new HashSet<>();
        if (shape != null) {
            String in = inputs.get(0).getName();
            builder.input(in, shape);
            t.reserve(in);
            t.define(in, new Translation.Activation(in));
        } else {
            inputs.forEach(v -> poisoned.add(v.getName()));
        }
        Map<String, String> damaged = ConstantChecks.problems(g);
        damaged.values().forEach(p -> problems.add(Problem.model(p)));
        poisoned.addAll(damaged.keySet());
        for (ValueInfoProto v : g.getInputList()) {
            g.getInitializerList().stream()
                    .filter(i -> i.getName().equals(v.getName()))
                    .findFirst()
                    .map(i -> DeclaredShapes.initializerMismatch(v, i))
                    .ifPresent(p -> problems.add(Problem.model(p)));
        }
        for (TensorProto init : g.getInitializerList()) {
            if (damaged.containsKey(init.getName())) {
                continue;
            }
            try {
                t.define(init.getName(), new Translation.Constant(ConstTensor.of(init)));
            } catch (Unsupported e) {
                problems.add(Problem.model(e.getMessage()));
                poisoned.add(init.getName());
            }
        }
        List<NodeProto> nodes = g.getNodeList();
        boolean unknownOps = false;
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            String name = nodeName(n, i);
            Problem p = translate(n, name, t, poisoned);
            if (p != null) {
                problems.add(p);
                unknownOps |= p.reason().startsWith(UNSUPPORTED_OP);
                poisoned.addAll(n.getOutputList());
            }
        }
        if (unknownOps) {
            problems.add(
                    Problem.model(
                            "supported operators: "
                                    + String.join(", ", OpTranslators.supported())));
        }
        String output =
                g.getOutputCount() == 1
                        ? outputNode(g.getOutput(0).getName(), t, poisoned, problems)
                        : null;
        if (!problems.isEmpty() || output == null) {
            throw new OnnxImportException(
                    source,
                    problems.isEmpty()
                            ? List.of(Problem.model("the model's output could not be imported"))
                            : problems);
        }
        String mismatch =
                DeclaredShapes.outputMismatch(g.getOutput(0), builder.shape(output), true);
        if (mismatch != null) {
            throw new OnnxImportException(source, List.of(Problem.model(mismatch)));
        }
        builder.output(output);
        return new ImportedModel(builder.build(), input, t.outputSoftmax(), source);
    }

    private static final String UNSUPPORTED_OP = "operator not supported";

    /** Translates one node; returns the problem, or null when it imported (or was skipped). */
    private static Problem translate(
            NodeProto n, String name, Translation t, Set<String> poisoned) {
        String op = n.getOpType();
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            return new Problem(
                    name,
                    op,
                    "operator domain '"
                            + n.getDomain()
                            + "' is not supported; only the default"
                            + " ONNX domain");
        }
        if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
            return new Problem(name, op, "has no output; every node must name its first output");
        }
        OpTranslator translator = OpTranslators.forOp(op);
        ConstantFolder.Fold fold = ConstantFolder.forOp(op);
        if (translator == null && fold == null && !op.equals("Constant")) {
            return new Problem(name, op, UNSUPPORTED_OP);
        }
        boolean skip = false;
        boolean allConstant = true;
        for (String in : n.getInputList()) {
            if (in.isEmpty()) {
                continue;
            }
            if (poisoned.contains(in)) {
                skip = true;
            } else if (t.value(in) == null) {
                return new Problem(
                        name,
                        op,
                        "reads tensor '"
                                + in
                                + "', which no initializer, graph input or earlier"
                                + " node defines (missing weights: re-export with the weights inside the file, e.g."
                                + " torch.onnx.export(..., export_params=True))");
            } else {
                allConstant &= t.isConstant(in);
            }
        }
        if (skip) {
            // an input could not be imported; that problem is already listed
            poisoned.addAll(n.getOutputList());
            return null;
        }
        int need = MIN_INPUTS.getOrDefault(op, op.equals("Constant") ? 0 : 1);
        if (n.getInputCount() < need) {
            return new Problem(
                    name,
                    op,
                    "has "
                            + n.getInputCount()
                            + " input(s), the operator needs at least "
                            + need
                            + "; the file is damaged, re-export the model");
        }
        try {
            if (op.equals("Constant")) {
                t.define(n.getOutput(0), new Translation.Constant(ConstantFolder.constant(n)));
            } else if (allConstant && fold != null) {
                ConstTensor[] in = new ConstTensor[n.getInputCount()];
                for (int k = 0; k < in.length; k++) {
                    in[k] = t.optionalConstant(n, k);
                }
                t.define(n.getOutput(0), new Translation.Constant(fold.apply(n, in, t.opset())));
            } else if (translator == null) {
                return new Problem(
                        name,
                        op,
                        "supported only on constants (shape computations), but input '"
                                + firstActivation(n, t)
                                + "' is computed from the graph input");
            } else {
                translator.translate(n, t);
            }
            return null;
        } catch (Unsupported e) {
            return new Problem(name, op, e.getMessage());
        } catch (IllegalArgumentException | ArithmeticException | IllegalStateException e) {
            return new Problem(name, op, String.valueOf(e.getMessage()));
        }
    }

    private static String firstActivation(NodeProto n, Translation t) {
        return n.getInputList().stream()
                .filter(in -> !in.isEmpty() && !t.isConstant(in))
                .findFirst()
                .orElse("?");
    }

    /** The graph node holding graph output {@code name}. */
    private static String outputNode(
            String name, Translation t, Set<String> poisoned, List<Problem> problems) {
        if (poisoned.contains(name)) {
            return null;
        }
        Translation.Value v = t.value(name);
        if (v instanceof Translation.Activation a) {
            return a.node();
        }
        if (v instanceof Translation.Padded) {
            NodeProto probe = NodeProto.newBuilder().addInput(name).build();
            try {
                return t.activation(probe, 0);
            } catch (Unsupported e) {
                problems.add(Problem.model("output '" + name + "': " + e.getMessage()));
                return null;
            }
        }
        problems.add(
                Problem.model(
                        "the graph output '"
                                + name
                                + "' is "
                                + (v == null
                                        ? "not produced by any node"
                                        : v instanceof Translation.Constant
                                                ? "a constant"
                                                : "a 5-D channel-shuffle intermediate")
                                + "; the output must be computed from the input"));
        return null;
    }

    private static String nodeName(NodeProto n, int i) {
        if (!n.getName().isEmpty()) {
            return n.getName();
        }
        return n.getOutputCount() > 0 && !n.getOutput(0).isEmpty()
                ? n.getOutput(0)
                : n.getOpType() + "_" + i;
    }

    private static int opset(ModelProto model, List<Problem> problems) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < 7) {
                    problems.add(
                            Problem.model(
                                    "opset "
                                            + o.getVersion()
                                            + " is too old; export with opset 11 or later"));
                }
                return (int) o.getVersion();
            }
        }
        problems.add(Problem.model("the model imports no default-domain opset"));
        return 0;
    }

    /** The per-sample shape C×H×W of the single graph input, or null (problems recorded). */
    private static int[] inputShape(List<ValueInfoProto> inputs, List<Problem> problems) {
        if (inputs.size() != 1) {
            problems.add(
                    Problem.model(
                            "the model has "
                                    + inputs.size()
                                    + " graph inputs "
                                    + names(inputs, ValueInfoProto::getName)
                                    + "; tinyprune imports single-input models (re-export"
                                    + " with one image input, weights as initializers)"));
            return null;
        }
        ValueInfoProto v = inputs.get(0);
        if (!v.getType().hasTensorType()) {
            problems.add(Problem.model("graph input '" + v.getName() + "' is not a tensor"));
            return null;
        }
        int elem = v.getType().getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            problems.add(
                    Problem.model(
                            "graph input '"
                                    + v.getName()
                                    + "' is "
                                    + TensorProto.DataType.forNumber(elem)
                                    + "; only float32 inputs are supported (export the model after model.float())"));
            return null;
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4) {
            problems.add(
                    Problem.model(
                            "graph input '"
                                    + v.getName()
                                    + "' has rank "
                                    + dims.size()
                                    + "; only image inputs N×C×H×W are supported"));
            return null;
        }
        int[] shape = new int[3];
        String[] axis = {"N", "C", "H", "W"};
        boolean ok = true;
        for (int i = 1; i < 4; i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > MAX_INPUT_ELEMENTS) {
                problems.add(
                        Problem.model(
                                "graph input '"
                                        + v.getName()
                                        + "' declares its "
                                        + axis[i]
                                        + " dimension as "
                                        + d.getDimValue()
                                        + ", larger than any microcontroller input; export with the real input size"));
                ok = false;
            } else if (!d.hasDimValue() || d.getDimValue() <= 0) {
                problems.add(
                        Problem.model(
                                "graph input '"
                                        + v.getName()
                                        + "' has a dynamic "
                                        + axis[i]
                                        + " dimension ("
                                        + (d.getDimParam().isEmpty()
                                                ? "unknown"
                                                : "'" + d.getDimParam() + "'")
                                        + "); export with a fixed"
                                        + " input size (no dynamic_axes other than the batch)"));
                ok = false;
            } else {
                shape[i - 1] = Math.toIntExact(d.getDimValue());
            }
        }
        if (ok && (double) shape[0] * shape[1] * shape[2] > MAX_INPUT_ELEMENTS) {
            problems.add(
                    Problem.model(
                            "graph input '"
                                    + v.getName()
                                    + "' is "
                                    + Shapes.str(shape)
                                    + ", more than "
                                    + MAX_INPUT_ELEMENTS
                                    + " values per image: larger than any microcontroller input; export with the "
                                    + "real input size"));
            ok = false;
        }
        return ok ? shape : null;
    }

    private static <T> String names(List<T> items, Function<T, String> name) {
        return items.stream()
                .map(name)
                .map(s -> "'" + s + "'")
                .collect(Collectors.toCollection(LinkedHashSet::new))
                .toString();
    }

    /** The ONNX operators the importer understands (translated or folded when constant). */
    public static Set<String> supportedOperators() {
        return OpTranslators.supported();
    }
}
