package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tinyprune.fuzz.FuzzInputs;

/**
 * Fuzzes the checkpoint reader ({@link Checkpoint#decode}). An input whose first byte is odd is the
 * file as it is (so mostly refused by the magic, version or SHA-256 checks); otherwise the rest
 * gets the magic, version 3 and its correct SHA-256 wrapped around it, which takes the fuzzer past
 * the checksum into the parser. Every input is either read or refused with a {@link
 * CheckpointException} (the bad-input exit of {@code --resume}); any other exception, an {@link
 * OutOfMemoryError} or a hang is a finding.
 */
class CheckpointFuzzTest {
    private static final Path FILE = Path.of("fuzz.ckpt");

    @FuzzTest(maxDuration = "10s")
    void checkpointReadsOrIsRefused(byte[] data) throws Exception {
        check(data);
    }

    /** The seeds are checkpoints the reader accepts, as written or once wrapped. */
    @Test
    void validSeedsRead() throws Exception {
        for (Path seed : FuzzInputs.valid(CheckpointFuzzTest.class, "checkpointReadsOrIsRefused")) {
            assertEquals(
                    1,
                    Checkpoint.decode(file(Files.readAllBytes(seed)), seed).epoch(),
                    seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) throws NoSuchAlgorithmException {
        if (data.length == 0) {
            return;
        }
        try {
            Checkpoint.decode(file(data), FILE);
        } catch (CheckpointException refused) {
            // the bad-input exit: the property holds
        }
    }

    /**
     * The file an input stands for: the rest as it is, or wrapped in magic, version and SHA-256.
     */
    static byte[] file(byte[] data) throws NoSuchAlgorithmException {
        if ((data[0] & 1) == 1) {
            return Arrays.copyOfRange(data, 1, data.length);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + data.length - 1 + 32);
        b.putInt(0x5450434B).putInt(3).put(data, 1, data.length - 1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(b.array(), 0, b.position());
        b.put(sha.digest());
        return b.array();
    }

    /**
     * Entry point of Jazzer's standalone driver (long runs).
     *
     * @param data the fuzzer's input
     */
    public static void fuzzerTestOneInput(byte[] data) throws Exception {
        check(data);
    }
}
