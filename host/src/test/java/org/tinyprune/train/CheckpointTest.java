package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Param;

/** Checkpoint format version 2: listeners' counters and float64 arrays, and version 1 files still read. */
class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void countersAndValueArraysRoundTripExactly() throws Exception {
        Graph g = TrainerTest.tinyNet(3);
        Path file = dir.resolve("ckpt.bin");
        double[] v = {0.1, Math.PI, -1e-300, Double.MAX_VALUE};
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 2, 7).withCounter("mine", -5)
                .withValues("arr", v).write(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(2, c.epoch());
        assertEquals(-5, c.counter("mine"));
        assertArrayEquals(v, c.values("arr"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.values("other"));
        assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void aVersion1FileIsStillRead() throws Exception {
        Graph g = TrainerTest.tinyNet(4);
        Path file = dir.resolve("v1.bin");
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 1, 5).write(file);
        byte[] v2 = Files.readAllBytes(file);
        // version 1 is version 2 without the trailing value-array section (here: its count, 0)
        byte[] v1 = Arrays.copyOf(v2, v2.length - 4);
        assertEquals(0, ByteBuffer.wrap(v2, v2.length - 4, 4).getInt());
        assertEquals(2, ByteBuffer.wrap(v1, 4, 4).getInt());
        ByteBuffer.wrap(v1).putInt(4, 1);
        Files.write(file, v1);

        Checkpoint c = Checkpoint.read(file);
        assertEquals(1, c.epoch());
        assertEquals(5, c.step());
        Graph h = TrainerTest.tinyNet(5);
        c.restore(h, new Sgd(h.params(), 0.9f, false, 0f));
        for (Map.Entry<String, Param> p : g.params().entrySet()) {
            assertArrayEquals(p.getValue().values(), h.params().get(p.getKey()).values(), p.getKey());
        }
        assertThrows(IllegalArgumentException.class, () -> c.values("dnp:width"));
    }
}
