package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.prune.Salience;

/**
 * A prune run makes the choice of plan once and hands it on: {@code model_int8.onnx} records the
 * chains the pruner priced, {@code report.json} names them, and code generation reads the model
 * back under that plan with the arena the report predicted.
 */
class PrunePlanRecordTest {
    @TempDir Path dir;

    static PruneConfig config(String flash, String sram) {
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        1,
                        16,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        7,
                        128,
                        64);
        return new PruneConfig(
                t, "qemu-m4", flash, sram, null, null, "dnp", Salience.BN_SCALE, 0.5);
    }

    /** Runs the job into {@code dir/name}; the report, the recorded plan and the plan built. */
    static Object[] run(Path dir, String name, String flash, String sram) throws Exception {
        Path out = dir.resolve(name);
        Map<String, Object> report =
                PruneJob.run(
                        config(flash, sram), out, new PrintStream(OutputStream.nullOutputStream()));
        Path onnx = out.resolve("model_int8.onnx");
        PlanChoice recorded =
                PlanChoice.fromMetadataProps(OnnxFiles.read(onnx).getMetadataPropsList())
                        .orElseThrow();
        MemoryPlan built = DeviceModel.fromOnnx(onnx).generated().plan();
        return new Object[] {report, recorded, built};
    }

    @Test
    void theRecordedPlanIsTheOnePredictedAndBuilt() throws Exception {
        Object[] r = run(dir, "p", "19KiB", "9KiB");
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) r[0];
        PlanChoice recorded = (PlanChoice) r[1];
        MemoryPlan built = (MemoryPlan) r[2];
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) report.get("plan");
        assertEquals(recorded.describe(), plan.get("summary"));
        assertEquals(recorded.streams(), plan.get("streams"));
        assertEquals(recorded, PlanChoice.of(built));
        @SuppressWarnings("unchecked")
        Map<String, Object> predicted = (Map<String, Object>) report.get("predicted");
        assertEquals(((Number) predicted.get("arena_bytes")).longValue(), built.arenaBytes());
        assertTrue(
                ((Number) predicted.get("flash_bytes")).longValue() <= 19 * 1024,
                predicted.toString());
        assertTrue(
                ((Number) predicted.get("sram_bytes")).longValue() <= 9 * 1024,
                predicted.toString());
    }
}
