package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/** The runner's TensorProto I/O, and model.h facts recomputed independently from model.c. */
class RunnerAndHeaderTest {

    @Test
    void runnerReadsAndWritesTensorProtoFiles() throws Exception {
        OnnxGraphs g = new OnnxGraphs("pb", 8, 1, 2, 5, 5);
        String y =
                g.op(
                        "MaxPool",
                        List.of(g.conv("x", 2, 3, 3, 1, 1, 1, true)),
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2));
        ModelProto m = g.build(y, 1, 3, 2, 2);
        float[] x = OnnxGraphs.input(1, 50);
        float[] want = OrtOracle.run(m, x, new long[] {1, 2, 5, 5});
        Path bin = HostHarness.runner(OnnxReader.read(m), false);
        Path in = bin.resolveSibling("input_0.pb");
        Files.write(in, OnnxTensors.floats("x", new long[] {1, 2, 5, 5}, x).toByteArray());
        Path out = bin.resolveSibling("output_0.pb");
        HostBuild.run(bin, in.toString(), out.toString());
        TensorProto t = TensorProto.parseFrom(Files.readAllBytes(out));
        assertEquals(List.of(1L, 3L, 2L, 2L), t.getDimsList());
        float[] got = OnnxTensors.toFloats(t);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])));
        }
    }

    @Test
    void int8RunnerReadsTensorProtoCodes() throws Exception {
        Graph g = Int8Graphs.conv(new Random(4), 1);
        byte[] x = Int8Graphs.input(new Random(6), g);
        Path bin = HostHarness.runner(g, false);
        Path in = bin.resolveSibling("input_0.pb");
        int[] shape = g.tensor("x").shape();
        long[] dims = java.util.Arrays.stream(shape).asLongStream().toArray();
        Files.write(in, OnnxTensors.int8s("x", dims, x).toByteArray());
        Path out = bin.resolveSibling("output_0.pb");
        HostBuild.run(bin, "--int8", in.toString(), out.toString());
        assertArrayEquals(
                new Int8Interpreter(g).run(x),
                OnnxTensors.toInt8s(TensorProto.parseFrom(Files.readAllBytes(out))));
    }

    @Test
    void weightsHashIsFnv1aOfTheArraysAsWritten() throws Exception {
        Graph g = Int8Graphs.addOrConcat(new Random(3), 0);
        GeneratedModel gen = CodeGenerator.generate(g, null);
        int hash = 0x811c9dc5;
        long bytes = 0;
        Matcher arrays =
                Pattern.compile(
                                "static const (int8_t|int32_t|float) \\w+\\[\\d+\\] = \\{([^}]*)\\};")
                        .matcher(gen.source());
        while (arrays.find()) {
            int width = arrays.group(1).equals("int8_t") ? 1 : 4;
            for (String lit : arrays.group(2).trim().split(",\\s*")) {
                long v =
                        width == 1 || !arrays.group(1).equals("float")
                                ? parseInt(lit)
                                : Float.floatToRawIntBits(Float.parseFloat(lit.replace("f", "")));
                for (int k = 0; k < width; k++) {
                    hash = (hash ^ (int) ((v >>> (8 * k)) & 0xff)) * 0x01000193;
                    bytes++;
                }
            }
        }
        assertEquals(gen.constantBytes(), bytes);
        assertTrue(
                gen.header()
                        .contains(String.format("#define TP_MODEL_WEIGHTS_HASH  0x%08xu", hash)),
                gen.header());
        for (String macro :
                List.of(
                        "TP_MODEL_INPUT_BYTES",
                        "TP_MODEL_OUTPUT_BYTES",
                        "TP_MODEL_NUM_LAYERS",
                        "TP_MODEL_ARENA_BYTES",
                        "TP_MODEL_INPUT_SCALE",
                        "TP_MODEL_INPUT_ZERO_POINT",
                        "TP_MODEL_OUTPUT_SCALE",
                        "TP_MODEL_OUTPUT_ZERO_POINT")) {
            assertTrue(gen.header().contains("#define " + macro + " "), macro);
        }
    }

    private static long parseInt(String lit) {
        return lit.startsWith("(") ? Integer.MIN_VALUE : Long.parseLong(lit);
    }
}
