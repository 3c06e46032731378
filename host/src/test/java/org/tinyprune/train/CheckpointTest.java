package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.Graph;

/**
 * Checkpoint format version 3: listeners' counters and float64 arrays, and a SHA-256 that refuses
 * damaged files.
 */
class CheckpointTest {
    @TempDir Path dir;

    @Test
    void countersAndValueArraysRoundTripExactly() throws Exception {
        Graph g = TrainerTest.tinyNet(3);
        Path file = dir.resolve("ckpt.bin");
        double[] v = {0.1, Math.PI, -1e-300, Double.MAX_VALUE};
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 2, 7)
                .withCounter("mine", -5)
                .withValues("arr", v)
                .write(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(2, c.epoch());
        assertEquals(-5, c.counter("mine"));
        assertArrayEquals(v, c.values("arr"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.values("other"));
        assertTrue(
                e.getMessage().contains("'other'") && e.getMessage().contains("--resume"),
                e.getMessage());
    }

    private Path saved(String name) throws Exception {
        Graph g = TrainerTest.tinyNet(4);
        Path file = dir.resolve(name);
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 1, 5)
                .withValues("dnp:width", new double[] {0.5})
                .write(file);
        return file;
    }

    private static void refused(Path file, String why) {
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(
                e.getMessage().startsWith(file.toString())
                        && e.getMessage().contains(why)
                        && e.getMessage().contains("without --resume"),
                e.getMessage());
    }

    @Test
    void flippedBitsAnywhereAreRefusedNeverResumed() throws Exception {
        Path file = saved("ckpt.bin");
        byte[] good = Files.readAllBytes(file);
        SplittableRandom rng = new SplittableRandom(60);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = good.clone();
            int flips = trial == 0 ? 60 : 1 + rng.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int bit = 64 + rng.nextInt((bad.length - 8) * 8); // past magic and version
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            if (Arrays.equals(bad, good)) {
                continue; // the flips cancelled out
            }
            Files.write(file, bad);
            refused(file, "SHA-256 does not match");
        }
    }

    @Test
    void truncatedOrExtendedFilesAreRefused() throws Exception {
        Path file = saved("ckpt.bin");
        byte[] good = Files.readAllBytes(file);
        for (int length : new int[] {0, 6, 8, 40, good.length / 2, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertThrows(
                    CheckpointException.class, () -> Checkpoint.read(file), "length " + length);
        }
        Files.write(file, Arrays.copyOf(good, good.length + 3));
        refused(file, "SHA-256 does not match");
    }

    @Test
    void earlierFormatVersionsWithoutAChecksumAreRefused() throws Exception {
        Path file = saved("old.bin");
        byte[] bytes = Files.readAllBytes(file);
        for (int version : new int[] {1, 2, 4}) {
            ByteBuffer.wrap(bytes).putInt(4, version);
            Files.write(file, bytes);
            refused(file, "format version " + version);
        }
    }

    @Test
    void aWellFormedChecksumOverNonsenseCountsIsRefusedNotAllocated() throws Exception {
        // a counter count of 2^31-1 with a correct SHA-256: the parser must not trust the count
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putInt(0x5450434B).putInt(3).putInt(Integer.MAX_VALUE);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = sha.digest(b.array());
        Path file = dir.resolve("counts.bin");
        Files.write(file, concat(b.array(), digest));
        refused(file, "malformed");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
