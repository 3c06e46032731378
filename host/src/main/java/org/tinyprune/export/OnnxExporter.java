package org.tinyprune.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;

/**
 * Exports a float {@link Graph} to ONNX (opset 13 or later, raised to what any layer's {@link
 * OnnxForm#minOpset()} needs) as it computes in eval mode: BatchNorm uses running statistics,
 * Dropout is omitted. The ONNX model's outputs equal {@link Graph#forward} up to float rounding;
 * the ONNX Runtime tests check it for every zoo model.
 *
 * <p>Entry point: {@link #exportFloat(Graph, Path, Provenance, ExportOptions)}.
 */
public final class OnnxExporter {

    private OnnxExporter() {}

    /**
     * Writes {@code graph} to {@code file} (atomically: temp file, then rename) with {@code
     * provenance} in the model's {@code metadata_props}.
     *
     * @return the model that was written
     * @throws IllegalArgumentException naming the node if a layer cannot be exported
     */
    public static ModelProto exportFloat(
            Graph graph, Path file, Provenance provenance, ExportOptions options)
            throws IOException {
        ModelProto model = toModel(graph, provenance, options);
        OnnxFiles.write(model, file);
        return model;
    }

    /** Builds the ONNX model of {@code graph} in memory (see {@link #exportFloat}). */
    public static ModelProto toModel(Graph graph, Provenance provenance, ExportOptions options) {
        int opset = options.opset();
        for (Node node : graph.nodes()) {
            if (node.layer() instanceof OnnxForm form) {
                opset = Math.max(opset, form.minOpset());
            }
        }
        OnnxModelBuilder model =
                new OnnxModelBuilder(graph.name())
                        .opset(opset)
                        .producer("tinyprune", provenance.version())
                        .doc(
                                "tinyprune float export of "
                                        + graph.name()
                                        + (options.foldBatchNorm()
                                                ? " (BatchNorm folded into convolutions)"
                                                : ""))
                        .metadata(provenance.toMetadataProps())
                        .metadata(
                                Provenance.KEY_PREFIX + "export.fold_batch_norm",
                                Boolean.toString(options.foldBatchNorm()))
                        .metadata(
                                Provenance.KEY_PREFIX + "export.output_softmax",
                                Boolean.toString(options.outputSoftmax()));
        ExportContext ctx = new ExportContext(graph, options, model);
        if (options.foldBatchNorm()) {
            planFolds(graph, ctx);
        }
        for (Node node : graph.nodes()) {
            if (node.layer() instanceof Input) {
                model.input(ctx.valueInfo(node.name(), graph.shape(node.name())));
                ctx.alias(node.name(), node.name());
            } else {
                LayerEmitters.forNode(node).emit(ctx, node);
            }
        }
        String out = graph.outputName();
        if (options.outputSoftmax()) {
            if (graph.outputShape().length != 1) {
                throw new IllegalArgumentException(
                        "a final Softmax needs [N, classes] output, but '"
                                + out
                                + "' is "
                                + java.util.Arrays.toString(graph.outputShape()));
            }
            String probs = out + "_softmax";
            ctx.emitAs(
                    "Softmax",
                    probs,
                    probs,
                    List.of(ctx.value(out)),
                    OnnxAttributes.of("axis", 1L));
            out = probs;
        } else if (!ctx.value(out).equals(out)) {
            // The output node emitted no ONNX node of its own (folded BatchNorm, Dropout).
            ctx.emitAs("Identity", out, out, List.of(ctx.value(out)));
        }
        model.output(ctx.valueInfo(out, graph.outputShape()));
        return model.build();
    }

    /** Folds each BatchNorm whose input is a convolution read by nothing else. */
    private static void planFolds(Graph graph, ExportContext ctx) {
        for (Node node : graph.nodes()) {
            if (node.layer() instanceof BatchNorm2d bn && node.inputs().size() == 1) {
                String convName = node.inputs().get(0);
                Node conv = graph.node(convName);
                if (conv.layer() instanceof Conv2d
                        && graph.consumers(convName).equals(List.of(node.name()))
                        && !graph.outputName().equals(convName)) {
                    ctx.planFold(convName, node.name(), bn);
                }
            }
        }
    }
}
