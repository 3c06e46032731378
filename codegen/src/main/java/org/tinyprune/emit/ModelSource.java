package org.tinyprune.emit;

import java.util.List;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.MemoryPlan;

/** Prints {@code model.c} and {@code model.h} from resolved layers. */
final class ModelSource {
    private final EmitContext ctx;
    private final MemoryPlan plan;
    private final List<Node> layers;
    private final List<OpEmitter.Emission> emissions;
    private final String comment;

    ModelSource(
            EmitContext ctx,
            MemoryPlan plan,
            List<Node> layers,
            List<OpEmitter.Emission> emissions,
            String comment) {
        this.ctx = ctx;
        this.plan = plan;
        this.layers = layers;
        this.emissions = emissions;
        this.comment = comment;
    }

    String source() {
        String type = ctx.elementType();
        String in = ctx.graph().inputs().get(0);
        String out = ctx.graph().outputs().get(0);
        StringBuilder c = new StringBuilder(comment);
        c.append("/* ").append(plan.summary()).append(" */\n");
        c.append("#include \"model.h\"\n\n#include <stddef.h>\n");
        if (!ctx.int8()) {
            c.append("#include <math.h>\n");
        }
        c.append("\n#include \"tp_kernels.h\"\n\n/* ---- constants (flash) ---- */\n");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            Node n = layers.get(i);
            body.append("\n    /* layer ")
                    .append(i)
                    .append(": ")
                    .append(comment(n.name()))
                    .append(" (")
                    .append(n.op())
                    .append(") ")
                    .append(comment(String.join(", ", n.inputs())))
                    .append(" -> ")
                    .append(comment(n.output()))
                    .append(" */\n");
            body.append("    if (tp_hook != NULL) {\n        tp_hook(")
                    .append(i)
                    .append(", 0);\n    }\n    {\n");
            emissions.get(i).emit(body);
            body.append("    }\n    if (st != TP_OK) {\n        return (int)st;\n    }\n");
            body.append("    if (tp_hook != NULL) {\n        tp_hook(")
                    .append(i)
                    .append(", 1);\n    }\n");
        }
        c.append(ctx.constants().code());
        c.append("\n/* ---- activation arena (.bss) ---- */\n");
        c.append("static _Alignas(8) int8_t tp_arena[TP_MODEL_ARENA_BYTES];\n\n");
        c.append("const char *const tp_model_layer_names[TP_MODEL_NUM_LAYERS] = {\n");
        for (Node n : layers) {
            c.append("    \"").append(string(n.name())).append("\",\n");
        }
        c.append("};\n\nstatic tp_layer_hook_fn tp_hook;\n\n");
        c.append(
                "void tp_model_set_layer_hook(tp_layer_hook_fn hook)\n{\n    tp_hook = hook;\n}\n\n");
        c.append(type)
                .append(" *tp_model_input(void)\n{\n    return ")
                .append(cast(in))
                .append(";\n}\n\n");
        c.append("const ")
                .append(type)
                .append(" *tp_model_output(void)\n{\n    return ")
                .append(cast(out))
                .append(";\n}\n\n");
        c.append("int tp_model_run(void)\n{\n    tp_status st;\n")
                .append(body)
                .append("    return TP_OK;\n}\n");
        return c.toString();
    }

    String header(Tensor in, Tensor out) throws UnsupportedModelException {
        Node first = layers.get(0);
        int[] ih = ctx.hwc(first, in);
        int[] oh = ctx.hwc(first, out);
        String type = ctx.elementType();
        StringBuilder h = new StringBuilder(comment);
        h.append("#ifndef TP_MODEL_H\n#define TP_MODEL_H\n\n#include <stdint.h>\n\n");
        h.append("#define TP_MODEL_INPUT_BYTES   ").append(in.bytes()).append("\n");
        h.append("#define TP_MODEL_OUTPUT_BYTES  ").append(out.bytes()).append("\n");
        h.append("#define TP_MODEL_NUM_LAYERS    ").append(layers.size()).append("\n");
        h.append("#define TP_MODEL_ARENA_BYTES   ").append(plan.arenaBytes()).append("\n");
        scale(h, "INPUT", in.quantization());
        scale(h, "OUTPUT", out.quantization());
        h.append(String.format("#define TP_MODEL_WEIGHTS_HASH  0x%08xu%n", ctx.constants().hash()));
        h.append(
                "\n/* Beyond contract C2: element type and shapes for runners: N images of NHWC H x W x C"
                        + " (a tensor that is not 4-D: N = H = W = 1, C = its elements, row-major). */\n");
        h.append("#define TP_MODEL_IS_FLOAT      ").append(ctx.int8() ? 0 : 1).append("\n");
        h.append("#define TP_MODEL_INPUT_ELEMENTS  ").append(in.elements()).append("\n");
        h.append("#define TP_MODEL_OUTPUT_ELEMENTS ").append(out.elements()).append("\n");
        dims(h, "INPUT", EmitContext.images(in), ih);
        dims(h, "OUTPUT", EmitContext.images(out), oh);
        h.append("#define TP_MODEL_INPUT_RANK ").append(in.rank()).append("\n");
        h.append("#define TP_MODEL_INPUT_DIMS {")
                .append(
                        java.util.Arrays.stream(in.shape())
                                .mapToObj(Integer::toString)
                                .collect(java.util.stream.Collectors.joining(", ")))
                .append("}\n");
        h.append("#define TP_MODEL_OUTPUT_RANK ").append(out.rank()).append("\n");
        h.append("#define TP_MODEL_OUTPUT_DIMS {")
                .append(
                        java.util.Arrays.stream(out.shape())
                                .mapToObj(Integer::toString)
                                .collect(java.util.stream.Collectors.joining(", ")))
                .append("}\n");
        h.append("#define TP_MODEL_LOWER_BOUND_BYTES ").append(plan.lowerBoundBytes()).append("\n");
        h.append("typedef ").append(type).append(" tp_model_value;\n\n");
        h.append("extern const char *const tp_model_layer_names[TP_MODEL_NUM_LAYERS];\n");
        h.append(
                "typedef void (*tp_layer_hook_fn)(int layer_index, int phase); /* phase 0 = before, 1 = after */\n");
        h.append("void tp_model_set_layer_hook(tp_layer_hook_fn hook);      /* NULL disables */\n");
        h.append(type).append(" *tp_model_input(void);\n");
        h.append("const ")
                .append(type)
                .append(" *tp_model_output(void); /* valid after tp_model_run */\n");
        h.append(
                "int tp_model_run(void);              /* 0 on success (TP_OK) */\n\n#endif /* TP_MODEL_H */\n");
        return h.toString();
    }

    private String cast(String tensor) {
        return ctx.ptr(tensor);
    }

    private static void scale(StringBuilder h, String which, Quantization q) {
        float s = q == null ? 1f : q.scale();
        int zp = q == null ? 0 : q.zeroPoint();
        h.append("#define TP_MODEL_")
                .append(which)
                .append("_SCALE  ")
                .append(Float.toString(s))
                .append("f\n");
        h.append("#define TP_MODEL_").append(which).append("_ZERO_POINT ").append(zp).append("\n");
    }

    private static void dims(StringBuilder h, String which, int images, int[] hwc) {
        h.append("#define TP_MODEL_").append(which).append("_N ").append(images).append("\n");
        h.append("#define TP_MODEL_").append(which).append("_H ").append(hwc[0]).append("\n");
        h.append("#define TP_MODEL_").append(which).append("_W ").append(hwc[1]).append("\n");
        h.append("#define TP_MODEL_").append(which).append("_C ").append(hwc[2]).append("\n");
    }

    /** Text safe inside a C block comment. */
    private static String comment(String s) {
        return s.replace("*/", "* /").replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Text safe inside a C string literal. */
    private static String string(String s) {
        return s.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replaceAll("[^\\x20-\\x7e]", "?")
                .replace("??", "?\\?");
    }
}
