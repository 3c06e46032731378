package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.kernel.Parallel;

/** Learning, determinism across thread counts, resumable checkpoints and divergence detection. */
class TrainerTest {
    private static final int THREADS = Parallel.threads();

    @TempDir Path dir;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(THREADS);
    }

    static Graph tinyNet(long seed) {
        GraphBuilder b = Graph.builder("tiny").input("input", 1, 6, 6);
        b.conv("c1", 8, 3, 1, 1).batchNorm("bn1").relu("r1");
        String skip = b.current();
        b.conv("c2", 8, 3, 1, 1).batchNorm("bn2").add("add", skip, "bn2").relu("r2");
        b.maxPool("pool", 2, 2, 0).depthwise("dw", 3, 1, 1).relu6("r3");
        Graph g =
                b.globalAvgPool("gap").flatten("flat").dropout("drop", 0.1f).dense("fc", 2).build();
        g.init(seed);
        return g;
    }

    private static Trainer trainer(Graph g, int steps) {
        return new Trainer(
                g,
                new Sgd(g.params(), 0.9f, true, 1e-4f),
                LrSchedule.cosine(0.05f, 0f, steps, 3),
                new SoftmaxCrossEntropy(0.1f));
    }

    private static void assertSameWeights(Graph a, Graph b) {
        for (Map.Entry<String, Param> e : a.params().entrySet()) {
            assertArrayEquals(
                    e.getValue().values(), b.params().get(e.getKey()).values(), 0f, e.getKey());
        }
    }

    @Test
    void tinyNetworkLearnsASeparableProblem() throws Exception {
        Graph g = tinyNet(1);
        ArraySource train = new ArraySource(512, 16, 3);
        Trainer t = trainer(g, 4 * train.batchesPerEpoch());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        t.addListener(new ProgressListener(new PrintStream(log, true)));
        t.setValidation(new ArraySource(256, 32, 99));
        TrainingSummary s = t.fit(train, 4);
        assertTrue(
                s.lastEpoch().validationAccuracy() > 0.95,
                "val accuracy " + s.lastEpoch().validationAccuracy());
        assertTrue(Evaluation.accuracy(g, new ArraySource(256, 64, 7)) > 0.95);
        assertTrue(
                log.toString().contains("epoch 4/4") && log.toString().contains("samples/s"),
                log.toString());
    }

    @Test
    void sameSeedSameWeightsForOneAndTwoThreads() throws Exception {
        Parallel.setThreads(1);
        Graph one = tinyNet(4);
        trainer(one, 8).fit(new ArraySource(64, 16, 5), 2);
        Parallel.setThreads(2);
        Graph two = tinyNet(4);
        trainer(two, 8).fit(new ArraySource(64, 16, 5), 2);
        assertSameWeights(one, two);
        Graph again = tinyNet(4);
        trainer(again, 8).fit(new ArraySource(64, 16, 5), 2);
        assertSameWeights(two, again);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Graph straight = tinyNet(6);
        trainer(straight, 12).fit(new ArraySource(96, 16, 8), 2);

        Path file = dir.resolve("ckpt.bin");
        Graph first = tinyNet(6);
        Trainer t1 = trainer(first, 12).addListener(new CheckpointListener(file));
        t1.fit(new ArraySource(96, 16, 8), 1);
        Graph resumed = tinyNet(99);
        Trainer t2 = trainer(resumed, 12);
        t2.resume(Checkpoint.read(file));
        assertEquals(1, t2.startEpoch());
        assertEquals(6, t2.step());
        t2.fit(new ArraySource(96, 16, 8), 2);
        assertSameWeights(straight, resumed);
    }

    @Test
    void divergenceStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        Graph g = tinyNet(2);
        ArraySource src = new ArraySource(160, 16, 4);
        Path file = dir.resolve("ckpt.bin");
        CheckpointListener ckpt = new CheckpointListener(file);
        Trainer t =
                new Trainer(
                        g,
                        new Sgd(g.params(), 0.9f, false, 0f),
                        step -> step < 10 ? 0.02f : 1e9f,
                        new SoftmaxCrossEntropy(0f));
        t.addListener(ckpt).addListener(new DivergenceListener(10, ckpt));
        TrainingDivergedException e =
                assertThrows(TrainingDivergedException.class, () -> t.fit(src, 5));
        assertTrue(
                e.getMessage().contains("diverged at epoch 2")
                        && e.getMessage().contains(file.toString()),
                e.getMessage());
        Checkpoint good = Checkpoint.read(file);
        assertEquals(1, good.epoch());
        Graph restored = tinyNet(2);
        good.restore(restored, new Sgd(restored.params(), 0.9f, false, 0f));
        for (Param p : restored.params().values()) {
            for (float v : p.values()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void truncatedCheckpointIsReportedWithItsPath() throws Exception {
        Graph g = tinyNet(2);
        Path file = dir.resolve("ckpt.bin");
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 1, 5).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Exception e = assertThrows(java.io.IOException.class, () -> Checkpoint.read(file));
        assertTrue(
                e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"));
    }
}
