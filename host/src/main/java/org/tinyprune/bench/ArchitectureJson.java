package org.tinyprune.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;

/**
 * A graph's architecture (no weights) as JSON, for other frameworks to rebuild the same network:
 * {@code {"name", "input", "input_shape", "classes", "output", "nodes": [...]}} where each node has
 * {@code name}, {@code op} (our layer kind), {@code inputs} and its configuration (Conv2d:
 * in_channels, out_channels, kernel [h, w], stride, padding [h, w], groups, bias; BatchNorm2d:
 * channels, eps, momentum; pools: kernel, stride, padding and for AvgPool2d count_include_pad;
 * Dense: in_features, out_features; Concat: axis; Dropout: p). {@code bench/torch_train_speed.py}
 * reads it.
 */
public final class ArchitectureJson {

    private static final Map<Class<? extends Layer>, BiConsumer<Layer, JsonObject>> DESCRIBERS =
            new HashMap<>();

    static {
        DESCRIBERS.put(
                Conv2d.class,
                (l, o) -> {
                    Conv2d c = (Conv2d) l;
                    o.addProperty("in_channels", c.inChannels());
                    o.addProperty("out_channels", c.outChannels());
                    o.add("kernel", ints(new int[] {c.kernelH(), c.kernelW()}));
                    o.addProperty("stride", c.stride());
                    o.add("padding", ints(new int[] {c.padH(), c.padW()}));
                    o.addProperty("groups", c.groups());
                    o.addProperty("bias", c.hasBias());
                });
        DESCRIBERS.put(
                BatchNorm2d.class,
                (l, o) -> {
                    BatchNorm2d bn = (BatchNorm2d) l;
                    o.addProperty("channels", bn.channels());
                    o.addProperty("eps", bn.eps());
                    o.addProperty("momentum", bn.momentum());
                });
        DESCRIBERS.put(
                MaxPool2d.class,
                (l, o) -> {
                    MaxPool2d p = (MaxPool2d) l;
                    pool(o, p.kernel(), p.stride(), p.padding());
                });
        DESCRIBERS.put(
                AvgPool2d.class,
                (l, o) -> {
                    AvgPool2d p = (AvgPool2d) l;
                    pool(o, p.kernel(), p.stride(), p.padding());
                    o.addProperty("count_include_pad", p.countIncludePad());
                });
        DESCRIBERS.put(
                Dense.class,
                (l, o) -> {
                    o.addProperty("in_features", ((Dense) l).inFeatures());
                    o.addProperty("out_features", ((Dense) l).outFeatures());
                });
        DESCRIBERS.put(Concat.class, (l, o) -> o.addProperty("axis", ((Concat) l).axis()));
        DESCRIBERS.put(Dropout.class, (l, o) -> o.addProperty("p", ((Dropout) l).probability()));
        DESCRIBERS.put(Input.class, (l, o) -> o.add("shape", ints(((Input) l).shape())));
        for (Class<? extends Layer> plain :
                List.of(ReLU.class, ReLU6.class, GlobalAvgPool.class, Flatten.class, Add.class)) {
            DESCRIBERS.put(plain, (l, o) -> {});
        }
    }

    private ArchitectureJson() {}

    /**
     * The description of {@code graph}.
     *
     * @throws IllegalArgumentException naming the node if a layer has no JSON description
     */
    public static String of(Graph graph) {
        if (graph.inputNames().size() != 1) {
            throw new IllegalArgumentException(
                    "graph "
                            + graph.name()
                            + " has inputs "
                            + graph.inputNames()
                            + "; the architecture description supports one input");
        }
        int[] out = graph.outputShape();
        if (out.length != 1) {
            throw new IllegalArgumentException(
                    "graph "
                            + graph.name()
                            + " ends in shape "
                            + java.util.Arrays.toString(out)
                            + "; a classifier must end in flat logits");
        }
        JsonObject root = new JsonObject();
        root.addProperty("name", graph.name());
        root.addProperty("input", graph.inputNames().get(0));
        root.add("input_shape", ints(graph.inputShape()));
        root.addProperty("classes", out[0]);
        root.addProperty("output", graph.outputName());
        JsonArray nodes = new JsonArray();
        for (Node n : graph.nodes()) {
            nodes.add(node(n));
        }
        root.add("nodes", nodes);
        return root.toString();
    }

    private static JsonObject node(Node n) {
        JsonObject o = new JsonObject();
        o.addProperty("name", n.name());
        o.addProperty("op", n.layer().getClass().getSimpleName());
        JsonArray in = new JsonArray();
        n.inputs().forEach(in::add);
        o.add("inputs", in);
        BiConsumer<Layer, JsonObject> describe = DESCRIBERS.get(n.layer().getClass());
        if (describe == null) {
            throw new IllegalArgumentException(
                    "node '"
                            + n.name()
                            + "': layer "
                            + n.layer().kind()
                            + " has no architecture description; the PyTorch baseline"
                            + " cannot rebuild it");
        }
        describe.accept(n.layer(), o);
        return o;
    }

    private static void pool(JsonObject o, int kernel, int stride, int padding) {
        o.addProperty("kernel", kernel);
        o.addProperty("stride", stride);
        o.addProperty("padding", padding);
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
