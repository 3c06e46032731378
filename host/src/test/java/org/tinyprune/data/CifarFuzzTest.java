package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.fuzz.FuzzInputs;

/**
 * Fuzzes the CIFAR-10 batch reader ({@link Cifar10Directory}). Every input is either read, one
 * image per 3073-byte record with its label in 0..9, or refused with a {@link DatasetException}
 * (the bad-input exit of every {@code --dataset} command); any other exception, an {@link
 * OutOfMemoryError} or a hang is a finding.
 */
class CifarFuzzTest {
    private static final Path FILE = Path.of("data_batch_1.bin");

    @FuzzTest(maxDuration = "10s")
    void batchParsesOrIsRefused(byte[] data) {
        check(data);
    }

    /** The seeds are CIFAR-10 batches the reader accepts. */
    @Test
    void validSeedsParse() throws Exception {
        for (Path seed : FuzzInputs.valid(CifarFuzzTest.class, "batchParsesOrIsRefused")) {
            assertTrue(Cifar10Directory.read(List.of(seed)).size() > 0, seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        ImageSet set;
        try {
            set = Cifar10Directory.decode(List.of(FILE), List.of(data));
        } catch (DatasetException refused) {
            return;
        }
        int records = data.length / Cifar10Directory.RECORD_BYTES;
        assertEquals(records, set.size(), "images");
        for (int i = 0; i < records; i++) {
            int label = set.label(i);
            assertTrue(label >= 0 && label < Cifar10Directory.CLASSES, "label " + label);
            assertEquals(
                    data[i * Cifar10Directory.RECORD_BYTES] & 0xFF, label, "label of record " + i);
        }
    }

    /**
     * Entry point of Jazzer's standalone driver (long runs).
     *
     * @param data the fuzzer's input
     */
    public static void fuzzerTestOneInput(byte[] data) {
        check(data);
    }
}
