package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10DirectoryTest {

    @TempDir Path dir;

    private void writeBatches(Path d, int perBatch) throws IOException {
        for (int b = 1; b <= 5; b++) {
            TestFiles.write(d.resolve("data_batch_" + b + ".bin"), TestFiles.cifar(perBatch, b));
        }
        TestFiles.write(d.resolve("test_batch.bin"), TestFiles.cifar(perBatch, 0));
    }

    @Test
    void loadsAllBatchesInOrderWithChwPixels() throws Exception {
        writeBatches(dir, 3);
        Dataset ds = Datasets.load("cifar10", dir);
        assertEquals(15, ds.train().size());
        assertEquals(3, ds.test().size());
        assertArrayEquals(new int[] {3, 32, 32}, ds.inputShape());
        // Record 1 of data_batch_2 is image 4: label (2 + 1) mod 10, pixels pattern of record 1.
        assertEquals(3, ds.train().label(4));
        byte[] img = new byte[3072];
        ds.train().copyImage(4, img, 0);
        assertArrayEquals(Arrays.copyOfRange(TestFiles.pattern(2, 3072), 3072, 6144), img);
        // Green plane starts at 1024: the record's pixel byte 1024 is channel 1, row 0, col 0.
        assertEquals((7 + 3 * 1024) & 0xFF, ds.train().pixel(4, 1024));
        assertEquals(new Augmentation(4, true), ds.defaultAugmentation());
        assertEquals("airplane", ds.classNames().get(0));
    }

    @Test
    void findsTheUnpackedArchiveSubdirectory() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
        writeBatches(sub, 1);
        assertEquals(5, Datasets.load("cifar10", dir).train().size());
    }

    @Test
    void partialRecordIsReportedAsTruncated() throws Exception {
        writeBatches(dir, 2);
        Path cut = dir.resolve("data_batch_3.bin");
        TestFiles.write(cut, Arrays.copyOf(TestFiles.cifar(2, 0), 3073 + 100));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("cifar10", dir));
        assertEquals(
                cut
                        + ": is truncated or not a CIFAR-10 batch: its 3173 bytes are not a"
                        + " whole number of 3073-byte records (1 label byte + 3 x 32 x 32 pixel bytes)",
                e.getMessage());
    }

    @Test
    void badLabelIsReported() throws Exception {
        writeBatches(dir, 2);
        byte[] bad = TestFiles.cifar(2, 0);
        bad[3073] = 42;
        Path file = TestFiles.write(dir.resolve("test_batch.bin"), bad);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("cifar10", dir));
        assertTrue(
                e.getMessage().startsWith(file + ": record 1 has label 42, outside 0..9"),
                e.getMessage());
    }

    @Test
    void missingBatchIsNamed() throws Exception {
        writeBatches(dir, 1);
        Files.delete(dir.resolve("data_batch_5.bin"));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("cifar10", dir));
        assertEquals(
                dir.resolve("data_batch_5.bin")
                        + ": does not exist; a CIFAR-10 directory"
                        + " holds data_batch_1.bin .. data_batch_5.bin and test_batch.bin",
                e.getMessage());
    }

    /**
     * 700,000 records (one 10,000-record batch given 70 times) need more pixels than an array
     * holds.
     */
    @Test
    void moreRecordsThanOneArrayHoldsAreRefused() {
        byte[] batch = new byte[10_000 * Cifar10Directory.RECORD_BYTES];
        List<Path> files = Collections.nCopies(70, dir.resolve("data_batch_1.bin"));
        List<byte[]> contents = Collections.nCopies(70, batch);
        DatasetException e =
                assertThrows(
                        DatasetException.class, () -> Cifar10Directory.decode(files, contents));
        assertTrue(
                e.getMessage()
                        .contains(
                                "is the first of 70 batch files holding 700000 records together, more than one array of"
                                        + " pixels can hold"),
                e.getMessage());
    }
}
