package org.tinyprune.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.Pool2d;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;

/**
 * The registry of {@link LayerEmitter}s by layer class, and the emitters of the layers without
 * weights. Dropout is the identity at inference and emits nothing.
 */
public final class LayerEmitters {
    private static final Map<Class<? extends Layer>, LayerEmitter> EMITTERS = new LinkedHashMap<>();

    static {
        EMITTERS.put(Conv2d.class, WeightedEmitters::conv);
        EMITTERS.put(Dense.class, WeightedEmitters::dense);
        EMITTERS.put(BatchNorm2d.class, WeightedEmitters::batchNorm);
        EMITTERS.put(ReLU.class, (ctx, n) -> ctx.emit("Relu", n, ctx.inputValues(n)));
        EMITTERS.put(ReLU6.class, LayerEmitters::relu6);
        EMITTERS.put(MaxPool2d.class, (ctx, n) -> pool(ctx, n, "MaxPool"));
        EMITTERS.put(AvgPool2d.class, (ctx, n) -> pool(ctx, n, "AveragePool"));
        EMITTERS.put(
                GlobalAvgPool.class,
                (ctx, n) -> ctx.emit("GlobalAveragePool", n, ctx.inputValues(n)));
        EMITTERS.put(Add.class, LayerEmitters::add);
        EMITTERS.put(
                Concat.class,
                (ctx, n) ->
                        ctx.emit(
                                "Concat",
                                n,
                                ctx.inputValues(n),
                                OnnxAttributes.of("axis", (long) ((Concat) n.layer()).axis())));
        EMITTERS.put(
                Flatten.class,
                (ctx, n) ->
                        ctx.emit("Flatten", n, ctx.inputValues(n), OnnxAttributes.of("axis", 1L)));
        EMITTERS.put(Dropout.class, (ctx, n) -> ctx.alias(n.name(), ctx.value(n.inputs().get(0))));
    }

    private LayerEmitters() {}

    /**
     * The emitter for {@code node}'s layer.
     *
     * @throws IllegalArgumentException naming the node and its layer kind if ONNX export does not
     *     support it
     */
    public static LayerEmitter forNode(Node node) {
        LayerEmitter e = EMITTERS.get(node.layer().getClass());
        if (e == null && node.layer() instanceof OnnxForm) {
            e = LayerEmitters::form;
        }
        if (e == null) {
            throw new IllegalArgumentException(
                    "node '"
                            + node.name()
                            + "': layer "
                            + node.layer().kind()
                            + " ("
                            + node.layer().getClass().getName()
                            + ") cannot be exported to ONNX; supported layers: "
                            + supportedKinds());
        }
        return e;
    }

    /**
     * A layer that declares its {@link OnnxForm}: its chain of steps, the last one named like the
     * node, the others {@code <node>.<i>}; constants become initializers {@code <node>.<name>}.
     */
    private static void form(ExportContext ctx, Node n) {
        List<OnnxForm.Step> steps =
                ((OnnxForm) n.layer()).onnxSteps(ctx.graph().inputShapes(n.name()));
        List<String> data = ctx.inputValues(n);
        for (int i = 0; i < steps.size(); i++) {
            OnnxForm.Step step = steps.get(i);
            List<String> in = new ArrayList<>(data);
            for (OnnxForm.Constant c : step.constants()) {
                in.add(ctx.constant(n.name() + "." + c.name(), c));
            }
            List<AttributeProto> attrs = new ArrayList<>();
            step.attributes().forEach((k, v) -> attrs.add(attribute(k, v)));
            AttributeProto[] a = attrs.toArray(AttributeProto[]::new);
            if (i == steps.size() - 1) {
                ctx.emit(step.opType(), n, in, a);
            } else {
                String value = n.name() + "." + i;
                ctx.emitAs(step.opType(), value, value, in, a);
                data = List.of(value);
            }
        }
    }

    private static AttributeProto attribute(String name, Object v) {
        if (v instanceof Long l) {
            return OnnxAttributes.of(name, l);
        } else if (v instanceof Integer i) {
            return OnnxAttributes.of(name, (long) i);
        } else if (v instanceof Float f) {
            return OnnxAttributes.of(name, f);
        } else if (v instanceof String s) {
            return OnnxAttributes.of(name, s);
        } else if (v instanceof long[] l) {
            return OnnxAttributes.ints(name, l);
        }
        throw new IllegalArgumentException(
                "attribute '" + name + "' has unsupported value type " + v.getClass());
    }

    /** Simple names of the layer classes that can be exported. */
    public static List<String> supportedKinds() {
        return EMITTERS.keySet().stream().map(Class::getSimpleName).toList();
    }

    /** ReLU6 → Clip with min 0 and max 6 as scalar inputs (opset 11 and later). */
    private static void relu6(ExportContext ctx, Node n) {
        String x = ctx.inputValues(n).get(0);
        ctx.emit("Clip", n, List.of(x, ctx.scalar("relu6.min", 0f), ctx.scalar("relu6.max", 6f)));
    }

    /** Max/AveragePool with its window, strides, pads (top, left, bottom, right) and rounding. */
    private static void pool(ExportContext ctx, Node n, String opType) {
        Pool2d p = (Pool2d) n.layer();
        List<AttributeProto> attrs =
                new ArrayList<>(
                        List.of(
                                OnnxAttributes.ints("kernel_shape", p.kernelH(), p.kernelW()),
                                OnnxAttributes.ints("strides", p.strideH(), p.strideW()),
                                OnnxAttributes.ints(
                                        "pads",
                                        p.padTop(),
                                        p.padLeft(),
                                        p.padBottom(),
                                        p.padRight()),
                                OnnxAttributes.of("ceil_mode", p.ceilMode() ? 1L : 0L)));
        if (n.layer() instanceof AvgPool2d ap) {
            attrs.add(OnnxAttributes.of("count_include_pad", ap.countIncludePad() ? 1L : 0L));
        }
        ctx.emit(opType, n, ctx.inputValues(n), attrs.toArray(AttributeProto[]::new));
    }

    /**
     * Add of two inputs → Add; of more → a chain of binary Adds, left to right (helper steps named
     * {@code <node>.add<i>}), which the C code generator and int8 kernels handle too.
     */
    private static void add(ExportContext ctx, Node n) {
        List<String> in = ctx.inputValues(n);
        String acc = in.get(0);
        for (int i = 1; i < in.size() - 1; i++) {
            String step = n.name() + ".add" + i;
            ctx.emitAs("Add", step, step, List.of(acc, in.get(i)));
            acc = step;
        }
        ctx.emit("Add", n, List.of(acc, in.get(in.size() - 1)));
    }
}
