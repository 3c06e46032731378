package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.ProfileValidator;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * The new data-move layers are priced end to end: latency (own coefficients, else concat's), flash
 * (their kernels' code, measured sections until a profile calibrates them), SRAM (the planner's
 * buffers for their outputs, as the generated code allocates them).
 */
class ShapeOpsPricingTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, -3);

    @TempDir Path tmp;

    /**
     * int8: pad → conv → channel shuffle → transpose to [1, 5, 5, 8] → reshape (a copy) to [25, 8]
     * → dense.
     */
    static Graph net() {
        Random rnd = new Random(4);
        GraphBuilder b = Graph.builder("moves");
        b.tensor(Tensor.activation("x", new int[] {1, 4, 5, 5}, DType.INT8, Q)).input("x");
        b.node(
                new Node(
                        "pad",
                        OpKind.PAD,
                        List.of("x"),
                        "p",
                        Attributes.DEFAULT.withPads(1, 1, 1, 1)),
                DType.INT8,
                Q);
        b.tensor(weights(rnd, "c_w", new int[] {8, 4, 3, 3}));
        b.node(
                new Node("conv", OpKind.CONV, List.of("p", "c_w"), "c", Attributes.DEFAULT),
                DType.INT8,
                Q);
        b.node(
                new Node(
                        "shuffle",
                        OpKind.CHANNEL_SHUFFLE,
                        List.of("c"),
                        "s",
                        Attributes.DEFAULT.withGroup(2)),
                DType.INT8,
                Q);
        b.node(
                new Node(
                        "nhwc",
                        OpKind.TRANSPOSE,
                        List.of("s"),
                        "t",
                        Attributes.DEFAULT.withPerm(0, 2, 3, 1)),
                DType.INT8,
                Q);
        b.tensor(Tensor.activation("r", new int[] {25, 8}, DType.INT8, Q));
        b.node(new Node("rows", OpKind.RESHAPE, List.of("t"), "r", Attributes.DEFAULT));
        b.tensor(weights(rnd, "fc_w", new int[] {3, 8}));
        b.node(
                new Node("fc", OpKind.DENSE, List.of("r", "fc_w"), "y", Attributes.DEFAULT),
                DType.INT8,
                Q);
        return b.output("y").build();
    }

    private static Tensor weights(Random rnd, String name, int[] shape) {
        byte[] v = new byte[(int) Tensor.elementCount(shape)];
        rnd.nextBytes(v);
        float[] s = new float[shape[0]];
        java.util.Arrays.fill(s, 0.01f);
        return Tensor.constant(name, shape, v, Quantization.perAxis(s, 0));
    }

    private static BoardProfile qemuM4() throws Exception {
        return new BoardRegistry(Path.of("..", "boards").toAbsolutePath().normalize())
                .load("qemu-m4");
    }

    @Test
    void dataMovesArePricedWithConcatCoefficientsUntilCalibrated() throws Exception {
        BoardProfile board = qemuM4();
        Overheads o = Overheads.of(board);
        ResourceEstimate e = ResourceModel.of(net(), o).evaluate();
        assertEquals(List.of(), e.unpredicted());
        Map<String, ResourceEstimate.Layer> byName = new HashMap<>();
        e.layers().forEach(l -> byName.put(l.node(), l));
        assertEquals("pad", byName.get("pad").opKey());
        assertEquals("transpose", byName.get("shuffle").opKey());
        assertEquals("transpose", byName.get("nhwc").opKey());
        assertEquals("transpose", byName.get("rows").opKey());
        OpCost concat = board.getCostModel().getOpsMap().get("concat");
        // pad: 4 x 7 x 7 outputs, 4 x 5 x 5 inputs, output pixels 7 x 7
        double pad =
                concat.getPerOutputElement() * 196
                        + concat.getPerInputElement() * 100
                        + concat.getConstant()
                        + concat.getPerOutputPixel() * 49;
        assertEquals(pad, byName.get("pad").cycles(), 1e-6);
        assertTrue(byName.get("nhwc").cycles() > 0);
        // a calibrated "pad" entry wins over the fallback
        BoardProfile own =
                board.toBuilder()
                        .setCostModel(
                                board.getCostModel().toBuilder()
                                        .putOps("pad", OpCost.newBuilder().setConstant(7).build()))
                        .build();
        ResourceEstimate e2 = ResourceModel.of(net(), Overheads.of(own)).evaluate();
        assertEquals(
                7,
                e2.layers().stream().filter(l -> l.node().equals("pad")).findFirst().get().cycles(),
                0);
        assertEquals(List.of(), ProfileValidator.problems(own));
    }

    @Test
    void flashCountsTheDataMoveKernelsOnceAndSramThePlannedCopies() throws Exception {
        Graph g = net();
        Overheads o = Overheads.of(qemuM4());
        ResourceEstimate e = ResourceModel.of(g, o).evaluate();
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        e.layers()
                .forEach(
                        l -> {
                            if (l.opKey() != null) {
                                keys.add(l.opKey());
                                names.add(l.node());
                            }
                        });
        double code = o.code().bytes(keys, names);
        assertEquals(
                e.constantBytes().value() + o.runtimeFlashBytes() + code,
                e.flashBytes().value(),
                1e-6);
        assertEquals(132 + 92 + 192 + 220, o.code().kernels(List.of("pad", "transpose")));
        GeneratedModel gen = CodeGenerator.generate(g, null);
        assertEquals(gen.plan().arenaBytes(), e.arenaBytes().value(), 0.0);
        assertTrue(
                gen.header().contains("#define TP_MODEL_ARENA_BYTES   " + gen.plan().arenaBytes()));
        // the copying reshape writes a buffer of its own (an aliasing one would share its input's
        // offset)
        assertNotEquals(gen.plan().offsetOf("t"), gen.plan().offsetOf("r"));
        assertTrue(
                gen.source().contains("tp_pad_s8(") && gen.source().contains("tp_transpose_s8("));
    }

    /** The built-in section sizes are what the cross compiler makes of the kernels today. */
    @Test
    void uncalibratedKernelSectionsMatchTheCortexM4Build() throws Exception {
        Path runtime = Path.of("..", "device-runtime").toAbsolutePath().normalize();
        Map<String, Integer> built = new HashMap<>();
        for (String src :
                List.of(
                        "kernels/pad/tp_pad_s8.c",
                        "kernels/transpose/tp_transpose_s8.c",
                        "kernels/support/tp_checks.c")) {
            Path obj = tmp.resolve(Path.of(src).getFileName().toString().replace(".c", ".o"));
            String out;
            try {
                run(
                        List.of(
                                "arm-none-eabi-gcc",
                                "-std=c11",
                                "-mcpu=cortex-m4",
                                "-mthumb",
                                "-mfloat-abi=hard",
                                "-mfpu=fpv4-sp-d16",
                                "-O2",
                                "-ffunction-sections",
                                "-fdata-sections",
                                "-I" + runtime.resolve("include"),
                                "-c",
                                runtime.resolve(src).toString(),
                                "-o",
                                obj.toString()));
                out = run(List.of("arm-none-eabi-size", "-A", obj.toString()));
            } catch (IOException e) {
                Assumptions.abort("arm-none-eabi-gcc not usable: " + e.getMessage());
                return;
            }
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].startsWith(".text.")) {
                    built.put(f[0], Integer.parseInt(f[1]));
                }
            }
        }
        for (String op : List.of("pad", "transpose")) {
            LinkedCode.UNCALIBRATED_KERNELS
                    .get(op)
                    .forEach(
                            (section, bytes) ->
                                    assertEquals(
                                            built.get(section),
                                            bytes,
                                            op
                                                    + " "
                                                    + section
                                                    + " (update LinkedCode.UNCALIBRATED_KERNELS)"));
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed: " + out);
        }
        return out;
    }
}
