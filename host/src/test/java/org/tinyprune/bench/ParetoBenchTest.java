package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.ir.Graph;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.Salience;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;
import org.tinyprune.run.DistillConfig;
import org.tinyprune.run.Json;
import org.tinyprune.run.TrainConfig;

/**
 * Real, tiny benchmarks (300 images, one or two epochs, vgg-small at width 0.25): every method at
 * every point meets every budget when its exported int8 model is priced again by the resource model
 * from the ONNX file, and a rerun keeps every finished run; with several seeds every run is
 * repeated per seed in its own directory and an interrupted one continues; from the base, every
 * method starts from its seed's trained base (its first convolution's filters are the base's).
 */
class ParetoBenchTest {
    @TempDir Path dir;

    static TrainConfig train(int epochs) {
        return new TrainConfig(
                "fashion-mnist",
                null,
                "vgg-small",
                0.25,
                epochs,
                32,
                0.05f,
                5e-4f,
                0.1f,
                0.0,
                3,
                300,
                100);
    }

    static ParetoSettings settings(int epochs) {
        return new ParetoSettings(
                train(epochs),
                "qemu-m4",
                ParetoPoint.parseAll("--points", "19KiB:9KiB,22KiB:12KiB:-:400k"),
                List.of("dnp", "uniform", "l1"),
                Salience.BN_SCALE,
                0.7);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void everyMethodMeetsEveryBudgetAndARerunKeepsTheRuns() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ParetoResults r =
                ParetoBench.run(
                        settings(1),
                        dir,
                        false,
                        "test",
                        new PrintStream(log, true, StandardCharsets.UTF_8));
        BoardProfile profile = BoardRegistry.ofRepository().load("qemu-m4");
        assertEquals(7, r.rows().size(), "the base and 3 methods at 2 points");
        for (ParetoPoint p : settings(1).points()) {
            double[] budget = {
                Budgets.parseBytes("flash", p.flash()),
                Budgets.parseBytes("sram", p.sram()),
                Double.POSITIVE_INFINITY,
                p.macs() == null ? Double.POSITIVE_INFINITY : Budgets.parseCount("m", p.macs())
            };
            for (String m : List.of("dnp", "uniform", "l1")) {
                ParetoRow row = r.row(m, p.label(), 3);
                assertTrue(row.ran(), m + " at " + p.label() + ": " + row.note());
                Graph ir =
                        OnnxReader.read(
                                dir.resolve("runs")
                                        .resolve("seed-3")
                                        .resolve(p.directoryName())
                                        .resolve(m)
                                        .resolve("model_int8.onnx"));
                ResourceEstimate e = ResourceModel.of(ir, Overheads.of(profile)).evaluate();
                double[] got = {
                    e.flashBytes().value(),
                    e.sramBytes().value(),
                    e.latencyCycles().value(),
                    e.macs().value()
                };
                for (int k = 0; k < 4; k++) {
                    assertTrue(
                            got[k] <= budget[k],
                            m
                                    + " at "
                                    + p.label()
                                    + ": resource "
                                    + k
                                    + " "
                                    + got[k]
                                    + " over budget "
                                    + budget[k]);
                }
                assertEquals(
                        row.sramBytes(),
                        Math.round(got[1]),
                        m + " SRAM in the table = the deployed model's");
                assertEquals(
                        row.flashBytes(),
                        Math.round(got[0]),
                        m + " flash in the table = the deployed model's");
                assertEquals(
                        row.macs(),
                        Math.round(got[3]),
                        m + " MACs in the table = the deployed model's");
            }
        }
        assertTrue(r.base(3).sramBytes() > 12 * 1024, "the base is larger than every point");
        for (String f :
                List.of(
                        "results.json",
                        "results.md",
                        "pareto-sram.png",
                        "pareto-flash.png",
                        "pareto-latency.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        String first = log.toString(StandardCharsets.UTF_8);
        assertTrue(first.contains("[7/7] l1 at 22KiB:12KiB:-:400k, seed 3: int8 "), first);

        IllegalArgumentException fresh =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ParetoBench.run(settings(1), dir, false, "test", quiet()));
        assertTrue(
                fresh.getMessage().contains("already holds benchmark runs")
                        && fresh.getMessage().contains("--resume"),
                fresh.getMessage());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ParetoResults r2 =
                ParetoBench.run(
                        settings(1),
                        dir,
                        true,
                        "test",
                        new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals(
                7,
                again.toString(StandardCharsets.UTF_8).split("done before, kept", -1).length - 1);
        assertEquals(r.markdown(), r2.markdown());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ParetoBench.run(settings(2), dir, true, "test", quiet()));
        assertTrue(
                e.getMessage().contains("other settings")
                        && e.getMessage().contains("another --out"),
                e.getMessage());
    }

    @Test
    void eachSeedRepeatsEveryRunInItsOwnDirectoryAndAnInterruptedOneContinues() throws Exception {
        ParetoSettings s =
                new ParetoSettings(
                                train(1),
                                "qemu-m4",
                                ParetoPoint.parseAll("--points", "22KiB:12KiB"),
                                List.of("dnp", "uniform"),
                                Salience.BN_SCALE,
                                0.7)
                        .withSeeds(List.of(1L, 2L));
        ParetoResults r = ParetoBench.run(s, dir, false, "test", quiet());
        assertEquals(6, r.rows().size());
        for (long seed : List.of(1L, 2L)) {
            Path seedDir = dir.resolve("runs").resolve("seed-" + seed);
            for (Path run :
                    List.of(
                            seedDir.resolve("base"),
                            seedDir.resolve("22KiB_12KiB").resolve("dnp"),
                            seedDir.resolve("22KiB_12KiB").resolve("uniform"))) {
                JsonObject report = Json.read(run.resolve("report.json")).getAsJsonObject();
                assertEquals(
                        Long.toString(seed),
                        provenance(report, "seed"),
                        run + " ran with its directory's seed");
                assertEquals(
                        Long.toString(seed), provenance(report, "config.seed"), run.toString());
            }
        }
        assertFalse(
                Files.exists(dir.resolve("runs").resolve("base")),
                "no run outside a seed directory");
        float[][] base1 = firstConvFilters(dir.resolve("runs/seed-1/base/model.onnx"));
        float[][] base2 = firstConvFilters(dir.resolve("runs/seed-2/base/model.onnx"));
        assertFalse(Arrays.deepEquals(base1, base2), "the seeds train different networks");
        // from scratch, a method's filters are its own (the check the from-base test relies on can
        // fail)
        assertFalse(
                allFound(
                        firstConvFilters(dir.resolve("runs/seed-1/22KiB_12KiB/uniform/model.onnx")),
                        base1));

        ParetoCell dnp = r.cell("dnp", "22KiB:12KiB");
        assertEquals(2, dnp.int8Percent().n());
        double d1 = r.row("dnp", "22KiB:12KiB", 1).int8Accuracy();
        double d2 = r.row("dnp", "22KiB:12KiB", 2).int8Accuracy();
        assertEquals(50 * (d1 + d2), dnp.int8Percent().mean(), 1e-9);
        ParetoMargin margin = r.margins().get(0);
        assertEquals("uniform", margin.baseline());
        assertEquals(List.of(1L, 2L), margin.seeds());
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(
                md.contains("| 22KiB:12KiB | dnp | 2 |")
                        && md.contains("**dnp − best baseline**")
                        && md.contains("**Training time per method**"),
                md);
        JsonObject json = Json.read(dir.resolve("results.json")).getAsJsonObject();
        assertEquals(6, json.getAsJsonArray("runs").size());
        assertEquals(1, json.getAsJsonArray("margins").size());

        // interrupt seed 2's uniform run after its checkpoint: a resumed benchmark keeps five runs
        // and continues it
        Path interrupted = dir.resolve("runs/seed-2/22KiB_12KiB/uniform");
        Files.delete(interrupted.resolve("report.json"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ParetoResults again =
                ParetoBench.run(
                        s, dir, true, "test", new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(5, text.split("done before, kept", -1).length - 1, text);
        assertTrue(text.contains("[6/6] uniform at 22KiB:12KiB, seed 2: training"), text);
        assertTrue(Files.readString(interrupted.resolve("log.txt")).contains("resuming uniform"));
        assertEquals(
                r.row("uniform", "22KiB:12KiB", 2).int8Accuracy(),
                again.row("uniform", "22KiB:12KiB", 2).int8Accuracy(),
                "continued from its last epoch");

        // runs laid out before seeds are named, not silently run again beside
        Path old = dir.resolve("old");
        Files.createDirectories(old.resolve("runs/base"));
        Files.writeString(old.resolve("runs/base/bench-config.json"), "{}");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ParetoBench.run(s, old, true, "test", quiet()));
        assertTrue(
                e.getMessage().contains("laid out before --seeds")
                        && e.getMessage().contains("seed-S"),
                e.getMessage());
    }

    @Test
    void fromBaseEveryMethodStartsFromItsSeedsTrainedBase() throws Exception {
        ParetoSettings s =
                new ParetoSettings(
                                train(1),
                                "qemu-m4",
                                ParetoPoint.parseAll("--points", "22KiB:12KiB"),
                                List.of("uniform", "l1"),
                                Salience.BN_SCALE,
                                0.7)
                        .withSeeds(List.of(5L))
                        .fromBase(2, 1e-7f)
                        .withDistill(
                                new DistillConfig(
                                        null, DistillConfig.ALPHA, DistillConfig.TEMPERATURE));
        ParetoBench.run(s, dir, false, "test", quiet());
        Path baseDir = dir.resolve("runs/seed-5/base");
        JsonObject base = Json.read(baseDir.resolve("report.json")).getAsJsonObject();
        assertEquals("2", provenance(base, "config.epochs"), "the base trains --base-epochs");
        assertEquals("0.05", provenance(base, "config.learning_rate"), "at the scratch rate --lr");
        assertEquals("random initialisation", base.get("start").getAsString());
        assertNull(
                base.getAsJsonObject("provenance").get("tinyprune.config.distill_teacher"),
                "the base is the teacher");
        float[][] baseFilters = firstConvFilters(baseDir.resolve("model.onnx"));
        for (String m : List.of("uniform", "l1")) {
            Path run = dir.resolve("runs/seed-5/22KiB_12KiB").resolve(m);
            JsonObject report = Json.read(run.resolve("report.json")).getAsJsonObject();
            assertEquals("imported weights", report.get("start").getAsString(), m);
            assertEquals(
                    baseDir.resolve("model.onnx").toAbsolutePath().toString(),
                    provenance(report, "config.onnx"),
                    m);
            assertEquals("1", provenance(report, "config.epochs"), m + " trains --epochs");
            assertEquals(
                    "1.0E-7", provenance(report, "config.learning_rate"), m + " at --fine-tune-lr");
            assertEquals(
                    "start",
                    provenance(report, "config.distill_teacher"),
                    m + " distils from the base it starts from");
            float[][] filters = firstConvFilters(run.resolve("model.onnx"));
            assertTrue(
                    m.equals("l1") || filters.length < baseFilters.length,
                    m + " pruned the first convolution");
            // at a learning rate of 1e-7 the kept filters are the trained base's own
            assertTrue(
                    allFound(filters, baseFilters),
                    m + "'s first-layer filters are not the base's");
        }
        JsonObject json = Json.read(dir.resolve("results.json")).getAsJsonObject();
        JsonObject uniform = json.getAsJsonArray("runs").get(1).getAsJsonObject();
        assertEquals("uniform", uniform.get("method").getAsString());
        assertEquals(
                base.get("train_seconds").getAsDouble(),
                uniform.get("base_train_seconds").getAsDouble(),
                1e-9);
        assertEquals(
                base.get("train_seconds").getAsDouble()
                        + uniform.get("train_seconds").getAsDouble(),
                uniform.get("total_seconds_with_base").getAsDouble(),
                1e-9);
        assertTrue(
                Files.readString(dir.resolve("results.md"))
                        .contains(
                                "every method starts from that base's trained "
                                        + "weights and trains 1 epochs at lr 1.0E-7"));

        // a base that changed under the method runs is refused rather than mixed in
        Files.copy(
                dir.resolve("runs/seed-5/22KiB_12KiB/l1/model.onnx"),
                baseDir.resolve("model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ParetoBench.run(s, dir, true, "test", quiet()));
        assertTrue(e.getMessage().contains("another base model"), e.getMessage());
    }

    private static String provenance(JsonObject report, String key) {
        return report.getAsJsonObject("provenance").get(Provenance.KEY_PREFIX + key).getAsString();
    }

    /** The first convolution's weights of a float ONNX model, one filter per output channel. */
    static float[][] firstConvFilters(Path onnx) throws Exception {
        ModelProto m = OnnxImporter.read(onnx);
        NodeProto conv =
                m.getGraph().getNodeList().stream()
                        .filter(n -> n.getOpType().equals("Conv"))
                        .findFirst()
                        .orElseThrow();
        TensorProto w =
                m.getGraph().getInitializerList().stream()
                        .filter(t -> t.getName().equals(conv.getInput(1)))
                        .findFirst()
                        .orElseThrow();
        float[] v = OnnxTensors.toFloats(w);
        int n = (int) OnnxTensors.dims(w)[0];
        float[][] filters = new float[n][];
        for (int i = 0; i < n; i++) {
            filters[i] = Arrays.copyOfRange(v, i * v.length / n, (i + 1) * v.length / n);
        }
        return filters;
    }

    /** True when every filter equals (within 1e-5) one of {@code pool}. */
    static boolean allFound(float[][] filters, float[][] pool) {
        for (float[] f : filters) {
            boolean found = false;
            for (float[] p : pool) {
                boolean same = p.length == f.length;
                for (int i = 0; same && i < f.length; i++) {
                    same = Math.abs(p[i] - f[i]) <= 1e-5f * Math.max(1f, Math.abs(p[i]));
                }
                found |= same;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
