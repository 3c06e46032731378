package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Param;
import org.tinyprune.prune.Baselines;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.ChannelCounts;
import org.tinyprune.prune.CostView;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.Salience;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;
import org.tinyprune.train.Checkpoint;
import org.tinyprune.train.Sgd;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * {@code prune --method search} on a tiny run (256 Fashion-MNIST images, vgg-small at width 0.25, 4
 * candidates of 64 proxy images, 2 epochs): the model meets its budgets when its exported int8
 * graph is priced again, {@code search.json} holds every candidate within the budgets, and a run
 * interrupted in the search or in the final training resumes without training a finished candidate
 * again and ends bit-identical to a run that was never interrupted.
 */
class SearchRunTest {
    private static final int EPOCHS = 2;
    private static final double FLASH = 19 * 1024;
    private static final double SRAM = 9 * 1024;

    @TempDir Path dir;

    private static PruneConfig config(int candidates, String sram) {
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        EPOCHS,
                        16,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        7,
                        256,
                        100);
        return new PruneConfig(
                t,
                "qemu-m4",
                "19KiB",
                sram,
                null,
                null,
                "search",
                Salience.BN_SCALE,
                0.7,
                new SearchConfig(candidates, 64));
    }

    private static Graph base() {
        Graph g = Zoo.build("vgg-small", ModelConfig.of(new int[] {1, 28, 28}, 10).withWidth(0.25));
        g.init(7);
        return g;
    }

    private static PrintStream killedAt(String marker, ByteArrayOutputStream seen) {
        return PruneResumeTest.killedAt(marker, seen);
    }

    private static PrintStream into(ByteArrayOutputStream log) {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }

    private static Graph finalNetwork(Path run) throws Exception {
        Checkpoint c = Checkpoint.read(run.resolve(PruneTraining.CHECKPOINT));
        Graph g = ChannelCounts.restore(base(), c);
        c.restore(g, new Sgd(g.params(), 0.9f, true, 5e-4f));
        return g;
    }

    private static void assertSameNetwork(Graph x, Graph y) {
        assertArrayEquals(ChannelCounts.of(x), ChannelCounts.of(y));
        for (Map.Entry<String, Param> p : x.params().entrySet()) {
            assertArrayEquals(
                    p.getValue().values(),
                    y.params().get(p.getKey()).values(),
                    "param " + p.getKey() + " differs after resuming");
        }
    }

    @Test
    void searchMeetsTheBudgetsRecordsEveryCandidateAndResumesWithoutRepeatingIt() throws Exception {
        PruneConfig config = config(4, "9KiB");
        Path straight = dir.resolve("straight");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> a = PruneJob.run(config, straight, false, into(log));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("search 1/4 uniform") && printed.contains("search 4/4"), printed);

        // the deployed model, priced again from its ONNX file under the plan build makes of it (the
        // one the file records), meets the budgets
        BoardProfile profile = BoardRegistry.ofRepository().load("qemu-m4");
        Overheads overheads = Overheads.of(profile);
        ResourceEstimate e =
                ResourceModel.of(
                                DeviceModel.fromOnnx(straight.resolve("model_int8.onnx"))
                                        .generated()
                                        .plan(),
                                overheads)
                        .evaluate();
        assertTrue(
                e.flashBytes().value() <= FLASH && e.sramBytes().value() <= SRAM,
                "flash " + e.flashBytes().value() + ", SRAM " + e.sramBytes().value());

        // search.json: every candidate, within the budgets by the resource model, the first the
        // uniform width
        JsonObject s = Json.read(straight.resolve("search.json")).getAsJsonObject();
        assertTrue(s.get("finished").getAsBoolean());
        JsonArray cs = s.getAsJsonArray("candidates");
        assertEquals(4, cs.size());
        Graph base = base();
        CouplingGroups groups = CouplingGroups.analyse(base);
        // priced as the search priced them: under the plan the budgets choose at each candidate's
        // widths
        CostView view =
                CostView.of(
                        base,
                        groups,
                        overheads,
                        new Budgets(
                                FLASH, SRAM, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                        java.util.List.of());
        double best = -1;
        int[] bestCounts = null;
        for (int i = 0; i < cs.size(); i++) {
            JsonObject c = cs.get(i).getAsJsonObject();
            double[] counts = new Gson().fromJson(c.get("counts"), double[].class);
            double[] t = view.evaluate(counts).totals();
            assertTrue(t[0] <= FLASH && t[1] <= SRAM, "candidate " + (i + 1) + " misses a budget");
            assertEquals(Math.round(t[1]), c.get("sram_bytes").getAsLong());
            double acc = c.get("proxy_accuracy").getAsDouble();
            assertTrue(acc >= 0 && acc <= 1 && c.get("seconds").getAsDouble() > 0);
            if (acc > best) {
                best = acc;
                bestCounts = java.util.Arrays.stream(counts).mapToInt(x -> (int) x).toArray();
            }
        }
        Graph uniform =
                Baselines.uniform(
                        base,
                        overheads,
                        new Budgets(
                                FLASH, SRAM, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                        Math.max(1, profile.getChannelMultiple()),
                        false);
        assertArrayEquals(
                ChannelCounts.of(uniform),
                ChannelCounts.of(
                        Baselines.atCounts(
                                base,
                                groups,
                                view,
                                new Gson()
                                        .fromJson(
                                                cs.get(0).getAsJsonObject().get("counts"),
                                                int[].class),
                                false)),
                "the first candidate is the uniform width");
        assertEquals(
                "training images kept out of proxy training",
                s.getAsJsonObject("settings").get("held_out").getAsString());
        assertEquals(
                51,
                s.getAsJsonObject("settings").get("held_out_images").getAsInt(),
                "a fifth of 256");
        assertEquals(64, s.getAsJsonObject("settings").get("proxy_images").getAsInt());

        // the final network has the best candidate's widths; report.json has the times
        Graph trained = finalNetwork(straight);
        assertArrayEquals(
                ChannelCounts.of(Baselines.atCounts(base, groups, view, bestCounts, false)),
                ChannelCounts.of(trained));
        double searchSeconds = ((Number) a.get("search_seconds")).doubleValue();
        double trainSeconds = ((Number) a.get("train_seconds")).doubleValue();
        assertEquals(s.get("seconds").getAsDouble(), searchSeconds, 0.0);
        assertEquals(
                searchSeconds + trainSeconds,
                ((Number) a.get("seconds_to_model")).doubleValue(),
                1e-9);
        assertTrue(searchSeconds > 0 && trainSeconds > 0);

        // killed in the search after two candidates: the resumed run trains only the other two
        Path broken = dir.resolve("broken");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        assertThrows(
                IllegalStateException.class,
                () -> PruneJob.run(config, broken, false, killedAt("search 3/4", first)));
        assertEquals(
                2,
                Json.read(broken.resolve("search.json"))
                        .getAsJsonObject()
                        .getAsJsonArray("candidates")
                        .size());
        assertFalse(Files.exists(broken.resolve(PruneTraining.CHECKPOINT)));
        IllegalArgumentException other =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PruneJob.run(
                                        config(5, "9KiB"),
                                        broken,
                                        true,
                                        into(new ByteArrayOutputStream())));
        assertTrue(
                other.getMessage().contains("another configuration")
                        && other.getMessage().contains("search.json"),
                other.getMessage());
        // killed again, in the final training's second epoch
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertThrows(
                IllegalStateException.class,
                () ->
                        PruneJob.run(
                                config,
                                broken,
                                true,
                                killedAt("epoch 2/" + EPOCHS + "  loss", second)));
        String resumed = second.toString(StandardCharsets.UTF_8);
        assertTrue(resumed.contains("search 2/4") && resumed.contains("from search.json"), resumed);
        assertEquals(
                2,
                resumed.split("from search\\.json\\)").length - 1,
                "two candidates replayed: " + resumed);
        assertTrue(resumed.contains("search 4/4"), resumed);
        assertEquals(1, Checkpoint.read(broken.resolve(PruneTraining.CHECKPOINT)).epoch());
        String searchJson = Files.readString(broken.resolve("search.json"));
        assertEquals(
                Files.readString(straight.resolve("search.json"))
                        .replaceAll("\"seconds\": [0-9.eE-]+", ""),
                searchJson.replaceAll("\"seconds\": [0-9.eE-]+", ""),
                "the same search, replayed and continued");

        // the last resume repeats no candidate and continues the final training from its checkpoint
        ByteArrayOutputStream third = new ByteArrayOutputStream();
        Map<String, Object> b = PruneJob.run(config, broken, true, into(third));
        String last = third.toString(StandardCharsets.UTF_8);
        assertEquals(
                4,
                last.split("from search\\.json\\)").length - 1,
                "every candidate replayed: " + last);
        assertEquals(1, b.get("resumed_after_epoch"));
        assertEquals(
                searchJson,
                Files.readString(broken.resolve("search.json")),
                "a finished search is not rewritten");
        assertSameNetwork(trained, finalNetwork(broken));
        assertEquals(a.get("accuracy"), b.get("accuracy"));
    }

    @Test
    void budgetsTheArchitectureCannotMeetAreRefusedBeforeAnyTraining() {
        Path run = dir.resolve("infeasible");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BudgetInfeasibleException e =
                assertThrows(
                        BudgetInfeasibleException.class,
                        () -> PruneJob.run(config(4, "1KiB"), run, false, into(log)));
        assertTrue(
                e.getMessage().contains("SRAM") && e.getMessage().contains("(over)"),
                e.getMessage());
        assertFalse(
                log.toString(StandardCharsets.UTF_8).contains("search 1/"),
                "no candidate was trained");
        assertFalse(Files.exists(run), "no run directory is left behind");
    }

    @Test
    void proxyImagesFewerThanABatchAreAUsageError() {
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        EPOCHS,
                        16,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        7,
                        256,
                        100);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new PruneConfig(
                                        t,
                                        "qemu-m4",
                                        null,
                                        null,
                                        null,
                                        null,
                                        "search",
                                        Salience.BN_SCALE,
                                        0.7,
                                        new SearchConfig(4, 8)));
        assertTrue(
                e.getMessage().contains("--search-proxy-images")
                        && e.getMessage().contains("--batch-size"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SearchConfig(0, 100));
    }
}
