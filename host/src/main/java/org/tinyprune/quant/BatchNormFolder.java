package org.tinyprune.quant;

import java.util.HashMap;
import java.util.Map;
import org.tinyprune.export.BatchNormFolding;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.Input;

/**
 * Builds the inference form of a trained graph: every BatchNorm folded into the convolution that
 * feeds it (which gains a bias), Dropout removed, convolutions and dense layers copied with their
 * params, and every layer without params shared (such layers hold only scratch buffers, so the two
 * graphs must not run at the same time). The result's params are independent of the original's
 * (fine-tuning one leaves the other alone), and its eval-mode forward equals the original's up to
 * float rounding; the original is not modified. Node names are kept (a folded convolution keeps the
 * convolution's name), so quantised and exported nodes trace back to the model.
 */
public final class BatchNormFolder {

    private BatchNormFolder() {}

    /**
     * Folds a graph.
     *
     * @param graph a trained float graph
     * @return the folded copy
     * @throws IllegalArgumentException naming the node if a BatchNorm does not directly follow a
     *     convolution read only by it (such a BatchNorm cannot be folded)
     */
    public static Graph fold(Graph graph) {
        Map<String, String> alias = new HashMap<>();
        Map<String, BatchNorm2d> foldInto = new HashMap<>();
        for (Node node : graph.nodes()) {
            if (node.layer() instanceof BatchNorm2d bn) {
                String src = node.inputs().get(0);
                if (!(graph.node(src).layer() instanceof Conv2d)
                        || graph.consumers(src).size() != 1) {
                    throw new IllegalArgumentException(
                            "BatchNorm node '"
                                    + node.name()
                                    + "' reads '"
                                    + src
                                    + "', which is not a convolution read only by it; it cannot be folded for int8 "
                                    + "(place BatchNorm directly after its convolution)");
                }
                foldInto.put(src, bn);
            }
        }
        GraphBuilder b = Graph.builder(graph.name());
        for (Node node : graph.nodes()) {
            Layer layer = node.layer();
            String[] inputs =
                    node.inputs().stream()
                            .map(i -> alias.getOrDefault(i, i))
                            .toArray(String[]::new);
            if (layer instanceof Input in) {
                b.input(node.name(), in.shape());
            } else if (layer instanceof BatchNorm2d || layer instanceof Dropout) {
                alias.put(node.name(), inputs[0]);
            } else if (layer instanceof Conv2d conv) {
                b.layer(node.name(), foldedConv(conv, foldInto.get(node.name())), inputs);
            } else {
                b.layer(node.name(), copy(node, layer), inputs);
            }
        }
        String out = graph.outputName();
        return b.output(alias.getOrDefault(out, out)).build();
    }

    private static Conv2d foldedConv(Conv2d conv, BatchNorm2d bn) {
        float[] w = conv.weight().values();
        float[] bias = conv.hasBias() ? conv.bias().values() : null;
        boolean withBias = bn != null || conv.hasBias();
        Conv2d c =
                new Conv2d(
                        conv.inChannels(),
                        conv.outChannels(),
                        conv.kernelH(),
                        conv.kernelW(),
                        conv.stride(),
                        conv.padH(),
                        conv.padW(),
                        conv.dilationH(),
                        conv.dilationW(),
                        conv.groups(),
                        withBias);
        if (bn == null) {
            c.weight().copyFrom(w);
            if (bias != null) {
                c.bias().copyFrom(bias);
            }
        } else {
            BatchNormFolding.Folded f = BatchNormFolding.fold(w, bias, conv.outChannels(), bn);
            c.weight().copyFrom(f.weight());
            c.bias().copyFrom(f.bias());
        }
        return c;
    }

    private static Layer copy(Node node, Layer layer) {
        if (layer instanceof Dense d) {
            Dense c = new Dense(d.inFeatures(), d.outFeatures());
            c.weight().copyFrom(d.weight().values());
            c.bias().copyFrom(d.bias().values());
            return c;
        }
        if (!layer.params().isEmpty()) {
            throw new IllegalArgumentException(
                    "node '"
                            + node.name()
                            + "': layer "
                            + layer.kind()
                            + " has params but "
                            + "no inference copy; BatchNormFolder copies Conv2d and Dense (teach it to copy this layer)");
        }
        return layer;
    }
}
