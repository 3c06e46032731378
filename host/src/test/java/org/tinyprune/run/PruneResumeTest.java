package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Param;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.ChannelCounts;
import org.tinyprune.prune.Salience;
import org.tinyprune.train.Checkpoint;
import org.tinyprune.train.Sgd;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * {@code prune --resume}: a run killed during an epoch and resumed from the previous epoch's
 * checkpoint ends with exactly the weights and architecture of a run that was never interrupted.
 */
class PruneResumeTest {
    private static final int EPOCHS = 3;

    @TempDir Path dir;

    static PruneConfig config(String method, String flash, String sram, double pruneShare) {
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
                t, "qemu-m4", flash, sram, null, null, method, Salience.BN_SCALE, pruneShare);
    }

    /**
     * Progress output that dies (like a killed process) when epoch {@code k + 1} reports its end.
     */
    private static PrintStream killedAfter(int k) {
        return killedAt("epoch " + (k + 1) + "/" + EPOCHS + "  loss", new ByteArrayOutputStream());
    }

    /**
     * Output that dies (like a killed process) once it has printed {@code marker}, keeping it in
     * {@code seen}.
     */
    static PrintStream killedAt(String marker, ByteArrayOutputStream seen) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        seen.write(b);
                        if (seen.toString(StandardCharsets.UTF_8).endsWith(marker)) {
                            throw new IllegalStateException("killed");
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    /** The network stored in a run's final checkpoint: its architecture and every param. */
    private static Graph finalNetwork(Path run) throws Exception {
        Checkpoint c = Checkpoint.read(run.resolve(PruneTraining.CHECKPOINT));
        Graph base =
                Zoo.build("vgg-small", ModelConfig.of(new int[] {1, 28, 28}, 10).withWidth(0.25));
        Graph g = ChannelCounts.restore(base, c);
        c.restore(g, new Sgd(g.params(), 0.9f, true, 5e-4f));
        return g;
    }

    private void interruptedRunEqualsStraightRun(String method, double share, int k, long hardened)
            throws Exception {
        PruneConfig config = config(method, "19KiB", "9KiB", share);
        Path straight = dir.resolve("straight");
        Map<String, Object> a = PruneJob.run(config, straight, false, quiet());

        Path broken = dir.resolve("broken");
        assertThrows(
                IllegalStateException.class,
                () -> PruneJob.run(config, broken, false, killedAfter(k)));
        Checkpoint mid = Checkpoint.read(broken.resolve(PruneTraining.CHECKPOINT));
        assertEquals(k, mid.epoch(), "the checkpoint on disk is that of the last finished epoch");
        if (hardened >= 0) {
            assertEquals(hardened, mid.counter("schedule:hardened"));
        }
        double[] counts = mid.values(ChannelCounts.KEY);
        Graph base =
                Zoo.build("vgg-small", ModelConfig.of(new int[] {1, 28, 28}, 10).withWidth(0.25));
        assertTrue(
                java.util.Arrays.stream(counts).sum()
                        < java.util.Arrays.stream(ChannelCounts.of(base)).sum(),
                "channels were physically removed before the interruption: "
                        + java.util.Arrays.toString(counts));

        Map<String, Object> b = PruneJob.run(config, broken, true, quiet());
        assertEquals(k, b.get("resumed_after_epoch"));
        Graph x = finalNetwork(straight);
        Graph y = finalNetwork(broken);
        assertArrayEquals(ChannelCounts.of(x), ChannelCounts.of(y));
        for (Map.Entry<String, Param> p : x.params().entrySet()) {
            assertArrayEquals(
                    p.getValue().values(),
                    y.params().get(p.getKey()).values(),
                    "param " + p.getKey() + " differs after resuming");
        }
        assertEquals(a.get("predicted"), b.get("predicted"));
        assertEquals(a.get("accuracy"), b.get("accuracy"));
    }

    @Test
    void dnpResumedMidPruningEndsBitIdentical() throws Exception {
        interruptedRunEqualsStraightRun("dnp", 0.7, 1, 0);
    }

    @Test
    void dnpResumedAfterHardeningEndsBitIdentical() throws Exception {
        interruptedRunEqualsStraightRun("dnp", 0.7, 2, 1);
    }

    @Test
    void l1ResumedDuringFineTuningEndsBitIdentical() throws Exception {
        interruptedRunEqualsStraightRun(
                "l1", 0.34, 2, -1); // pruned after epoch 1, killed in epoch 3
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefused() throws Exception {
        Path run = dir.resolve("run");
        assertThrows(
                IllegalStateException.class,
                () ->
                        PruneJob.run(
                                config("uniform", "19KiB", "9KiB", 0.7),
                                run,
                                false,
                                killedAfter(1)));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PruneJob.run(
                                        config("uniform", "20KiB", "9KiB", 0.7),
                                        run,
                                        true,
                                        quiet()));
        assertTrue(
                e.getMessage().contains("another configuration")
                        && e.getMessage().contains("--resume"),
                e.getMessage());

        // same flags, but planned under another latency margin (a recalibrated profile): refused
        // too
        PruneConfig same = config("uniform", "19KiB", "9KiB", 0.7);
        Budgets asWritten =
                new Budgets(
                        19 * 1024, 9 * 1024, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        new PruneTraining(same, null, null, asWritten, 4, run, true, quiet());
        IllegalArgumentException m =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new PruneTraining(
                                        same,
                                        null,
                                        null,
                                        new Budgets(
                                                        19 * 1024,
                                                        9 * 1024,
                                                        2_000_000,
                                                        Double.POSITIVE_INFINITY)
                                                .plannedWith(0.04),
                                        4,
                                        run,
                                        true,
                                        quiet()));
        assertTrue(m.getMessage().contains("latency margin"), m.getMessage());
    }
}
