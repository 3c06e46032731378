package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import picocli.CommandLine;

/**
 * The plan recorded in a model file is the plan built: {@link DeviceModel#fromOnnx} and {@code
 * tinyprune codegen} plan exactly the recorded chains, whatever the planner would choose by itself,
 * and refuse a record that does not fit the model, naming the file and the key.
 */
class RecordedPlanTest {
    private static final PlanChoice STREAMED = new PlanChoice(List.of(List.of("c1", "c2", "mp")));

    @TempDir Path dir;

    /** 1×12×12 → conv3x3 (4) → conv3x3 (4) → maxpool 2×2 → global pool → dense 3, quantised. */
    static QuantizedModel model() {
        Graph g =
                Graph.builder("stage12")
                        .input("input", 1, 12, 12)
                        .conv("c1", 4, 3, 1, 1)
                        .relu("r1")
                        .conv("c2", 4, 3, 1, 1)
                        .relu("r2")
                        .maxPool("mp", 2, 2, 0)
                        .globalAvgPool("gap")
                        .flatten("flat")
                        .dense("fc", 3)
                        .build();
        g.init(5);
        SplittableRandom rnd = new SplittableRandom(6);
        float[] x = new float[8 * 144];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return Quantizer.quantize(
                g, List.of(new Tensor(new int[] {8, 1, 12, 12}, x)), QuantOptions.DEFAULTS);
    }

    private Path export(PlanChoice choice) throws Exception {
        Path file = dir.resolve(choice.streams().isEmpty() ? "whole.onnx" : "streamed.onnx");
        model().exportQdq(
                        file,
                        Provenance.builder()
                                .version("test")
                                .gitCommit(Provenance.NONE)
                                .seed(5)
                                .build(),
                        choice);
        return file;
    }

    @Test
    void theRecordedChainsArePlannedWhateverThePlannerWouldChoose() throws Exception {
        org.tinyprune.ir.Graph ir = model().toIr();
        // by itself, the streaming planner streams the stage (it saves 624 B of arena, more than
        // the
        // driver's 344 B of stack: StreamPlanTest.aChainMustSaveMoreArenaThanTheDriversStack)
        assertEquals(STREAMED, PlanChoice.of(MemoryPlanner.streaming().plan(ir)));
        MemoryPlan whole =
                DeviceModel.fromOnnx(export(PlanChoice.LAYER_BY_LAYER)).generated().plan();
        assertEquals(PlanChoice.LAYER_BY_LAYER, PlanChoice.of(whole));
        assertEquals(MemoryPlanner.layerByLayer().plan(ir).arenaBytes(), whole.arenaBytes());
        // and the layer-by-layer planner would not stream; recorded, the stage is streamed
        assertEquals(
                PlanChoice.LAYER_BY_LAYER, PlanChoice.of(MemoryPlanner.layerByLayer().plan(ir)));
        MemoryPlan streamed = DeviceModel.fromOnnx(export(STREAMED)).generated().plan();
        assertEquals(STREAMED, PlanChoice.of(streamed));
        assertEquals(MemoryPlanner.streaming().plan(ir).arenaBytes(), streamed.arenaBytes());
    }

    @Test
    void codegenPrintsTheRecordedPlan() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(
                ExitCodes.OK,
                cli.execute(
                        "codegen",
                        "--onnx",
                        export(STREAMED).toString(),
                        "--target",
                        "device",
                        "--out",
                        dir.resolve("gen").toString()));
        assertTrue(out.toString().contains("streamed c1..mp (3 layers)"), out.toString());
    }

    @Test
    void aRecordThatDoesNotFitTheModelIsBadInputNamingTheKey() throws Exception {
        Path file = export(STREAMED);
        ModelProto m = OnnxFiles.read(file);
        ModelProto.Builder b = m.toBuilder();
        for (int i = 0; i < b.getMetadataPropsCount(); i++) {
            if (b.getMetadataProps(i).getKey().equals("tinyprune.plan.stream.0.2")) {
                b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue("gap"));
            }
        }
        Path bad = dir.resolve("bad.onnx");
        OnnxFiles.write(b.build(), bad);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> DeviceModel.fromOnnx(bad));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                bad
                                        + ": metadata 'tinyprune.plan.streams' does not fit the model: "
                                        + "the plan streams c1..gap (3 layers), which graph"),
                e.getMessage());
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(
                ExitCodes.BAD_INPUT,
                cli.execute(
                        "codegen",
                        "--onnx",
                        bad.toString(),
                        "--target",
                        "device",
                        "--out",
                        dir.resolve("gen").toString()));
        assertTrue(
                err.toString().contains("metadata 'tinyprune.plan.streams' does not fit the model"),
                err.toString());
        assertTrue(
                err.toString().contains("export the model again with tinyprune prune"),
                err.toString());
        assertTrue(!Files.exists(dir.resolve("gen")), "no run directory left behind");
    }
}
