package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.Salience;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;
import org.tinyprune.run.TrainConfig;

/**
 * A real, tiny benchmark (300 images, one epoch, vgg-small at width 0.25): every method at every
 * point meets every budget when its exported int8 model is priced again by the resource model from
 * the ONNX file, and a rerun keeps every finished run.
 */
class ParetoBenchTest {
    @TempDir
    Path dir;

    static ParetoBench.Settings settings(int epochs) {
        TrainConfig t = new TrainConfig("fashion-mnist", null, "vgg-small", 0.25, epochs, 32, 0.05f, 5e-4f, 0.1f,
                0.0, 3, 300, 100);
        return new ParetoBench.Settings(t, "qemu-m4", ParetoPoint.parseAll("--points", "19KiB:9KiB,22KiB:12KiB:-:400k"),
                List.of("dnp", "uniform", "l1"), Salience.BN_SCALE, 0.7);
    }

    @Test
    void everyMethodMeetsEveryBudgetAndARerunKeepsTheRuns() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ParetoResults r = ParetoBench.run(settings(1), dir, false, "test", new PrintStream(log, true, StandardCharsets.UTF_8));
        BoardProfile profile = BoardRegistry.ofRepository().load("qemu-m4");
        assertEquals(6, r.rows().size());
        for (ParetoPoint p : settings(1).points()) {
            double[] budget = {Budgets.parseBytes("flash", p.flash()), Budgets.parseBytes("sram", p.sram()),
                Double.POSITIVE_INFINITY, p.macs() == null ? Double.POSITIVE_INFINITY : Budgets.parseCount("m", p.macs())};
            for (String m : List.of("dnp", "uniform", "l1")) {
                ParetoRow row = r.row(m, p.label());
                assertTrue(row.ran(), m + " at " + p.label() + ": " + row.note());
                Graph ir = OnnxReader.read(dir.resolve("runs").resolve(p.directoryName()).resolve(m)
                        .resolve("model_int8.onnx"));
                ResourceEstimate e = ResourceModel.of(ir, Overheads.of(profile)).evaluate();
                double[] got = {e.flashBytes().value(), e.sramBytes().value(), e.latencyCycles().value(),
                    e.macs().value()};
                for (int k = 0; k < 4; k++) {
                    assertTrue(got[k] <= budget[k], m + " at " + p.label() + ": resource " + k + " " + got[k]
                            + " over budget " + budget[k]);
                }
                assertEquals(row.sramBytes(), Math.round(got[1]), m + " SRAM in the table = the deployed model's");
                assertEquals(row.flashBytes(), Math.round(got[0]), m + " flash in the table = the deployed model's");
                assertEquals(row.macs(), Math.round(got[3]), m + " MACs in the table = the deployed model's");
            }
        }
        assertTrue(r.base().sramBytes() > 12 * 1024, "the base is larger than every point");
        for (String f : List.of("results.json", "results.md", "pareto-sram.png", "pareto-flash.png",
                "pareto-latency.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        String first = log.toString(StandardCharsets.UTF_8);
        assertTrue(first.contains("[7/7] l1 at 22KiB:12KiB:-:400k: int8 "), first);

        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
                () -> ParetoBench.run(settings(1), dir, false, "test", new PrintStream(new ByteArrayOutputStream())));
        assertTrue(fresh.getMessage().contains("already holds benchmark runs")
                && fresh.getMessage().contains("--resume"), fresh.getMessage());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ParetoResults r2 = ParetoBench.run(settings(1), dir, true, "test", new PrintStream(again, true,
                StandardCharsets.UTF_8));
        assertEquals(7, again.toString(StandardCharsets.UTF_8).split("done before, kept", -1).length - 1);
        assertEquals(r.markdown(), r2.markdown());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParetoBench.run(settings(2), dir, true, "test", new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("other settings") && e.getMessage().contains("another --out"),
                e.getMessage());
    }
}
