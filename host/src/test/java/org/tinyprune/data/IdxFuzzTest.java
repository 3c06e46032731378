package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tinyprune.fuzz.FuzzInputs;

/**
 * Fuzzes the IDX reader ({@link IdxFile}, plain or gzipped). The input's first byte picks an image
 * or a label file, the rest is the file. Every input is either read, with as many data bytes as its
 * dimensions multiply to, or refused with a {@link DatasetException} (the bad-input exit of every
 * {@code --dataset} command); any other exception, an {@link OutOfMemoryError} (long runs use a 1
 * GiB heap, so a reader that believes a declared size fails) or a hang is a finding.
 */
class IdxFuzzTest {
    private static final Path FILE = Path.of("fuzz-idx-ubyte");

    @FuzzTest(maxDuration = "10s")
    void idxFileParsesOrIsRefused(byte[] data) {
        check(data);
    }

    /** The seeds (after their selector byte) are IDX files the reader accepts. */
    @Test
    void validSeedsParse() throws Exception {
        for (Path seed : FuzzInputs.valid(IdxFuzzTest.class, "idxFileParsesOrIsRefused")) {
            byte[] b = Files.readAllBytes(seed);
            IdxFile f = IdxFile.decode(seed, Arrays.copyOfRange(b, 1, b.length), (b[0] & 1) == 0);
            assertTrue(f.data().length > 0, seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean images = (data[0] & 1) == 0;
        IdxFile f;
        try {
            f = IdxFile.decode(FILE, Arrays.copyOfRange(data, 1, data.length), images);
        } catch (DatasetException refused) {
            return;
        }
        assertEquals(images ? 3 : 1, f.dims().length, "rank");
        long total = 1;
        for (int d : f.dims()) {
            total *= d;
        }
        assertEquals(total, f.data().length, "data bytes");
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
