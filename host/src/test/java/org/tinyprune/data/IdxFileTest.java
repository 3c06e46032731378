package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir Path dir;

    private final byte[] images =
            TestFiles.idx(IdxFile.IMAGES_MAGIC, new int[] {3, 2, 4}, TestFiles.pattern(3, 8));

    @Test
    void readsPlainAndGzippedFilesAlike() throws Exception {
        Path plain = TestFiles.write(dir.resolve("a"), images);
        Path gz = TestFiles.write(dir.resolve("b.bin"), TestFiles.gzip(images));
        for (Path p : new Path[] {plain, gz}) {
            IdxFile f = IdxFile.readImages(p);
            assertArrayEquals(new int[] {3, 2, 4}, f.dims());
            assertArrayEquals(TestFiles.pattern(3, 8), f.data());
        }
    }

    @Test
    void readsUnsignedLabels() throws Exception {
        byte[] labels = {0, 9, (byte) 200};
        Path p =
                TestFiles.write(
                        dir.resolve("l"),
                        TestFiles.idx(IdxFile.LABELS_MAGIC, new int[] {3}, labels));
        IdxFile f = IdxFile.readLabels(p);
        assertEquals(200, f.data()[2] & 0xFF);
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nothing-here.gz");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(p + ": does not exist", e.getMessage());
    }

    @Test
    void labelFileWhereImagesExpectedSaysSo() throws IOException {
        Path p =
                TestFiles.write(
                        dir.resolve("labels"),
                        TestFiles.idx(IdxFile.LABELS_MAGIC, new int[] {2}, new byte[2]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(
                p
                        + ": has wrong magic number 0x00000801 (that of a label file), expected"
                        + " 0x00000803 for an IDX image file with 3 dimension(s)",
                e.getMessage());
    }

    @Test
    void nonIdxFileIsRejected() throws IOException {
        Path p = TestFiles.write(dir.resolve("png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readLabels(p));
        assertEquals(
                p
                        + ": is not an IDX file: magic number 0x89504E47, expected 0x00000801"
                        + " for an IDX label file",
                e.getMessage());
    }

    @Test
    void nonByteElementTypeIsRejected() throws IOException {
        Path p =
                TestFiles.write(
                        dir.resolve("floats"),
                        TestFiles.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                p
                                        + ": has wrong magic number 0x00000D03: element"
                                        + " type 0x0D is not supported"),
                e.getMessage());
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path p = TestFiles.write(dir.resolve("short"), Arrays.copyOf(images, images.length - 5));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(
                p
                        + ": is truncated: its header declares 3 x 2 x 4 = 24 data bytes but"
                        + " only 19 follow",
                e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path p = TestFiles.write(dir.resolve("head"), Arrays.copyOf(images, 9));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(
                p
                        + ": is truncated: the header declares 3 dimensions (12 bytes) but only"
                        + " 5 bytes follow the magic number",
                e.getMessage());
        Path tiny = TestFiles.write(dir.resolve("tiny"), new byte[] {0, 0});
        e = assertThrows(DatasetException.class, () -> IdxFile.readImages(tiny));
        assertEquals(
                tiny
                        + ": is truncated: it holds 2 bytes, fewer than the 4-byte IDX magic"
                        + " number",
                e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        byte[] gz = TestFiles.gzip(images);
        Path p = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertTrue(e.getMessage().startsWith(p + ": is truncated"), e.getMessage());
    }

    @Test
    void headerDimensionsThatDoNotMatchTheDataAreReported() throws IOException {
        byte[] lying =
                TestFiles.idx(IdxFile.IMAGES_MAGIC, new int[] {3, 2, 3}, TestFiles.pattern(3, 8));
        Path p = TestFiles.write(dir.resolve("lying"), lying);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(
                p
                        + ": has bytes after the 18 data bytes its header declares (3 x 2 x 3):"
                        + " the dimensions in the header do not match the data",
                e.getMessage());
        Path zero =
                TestFiles.write(
                        dir.resolve("zero"),
                        TestFiles.idx(IdxFile.IMAGES_MAGIC, new int[] {3, 0, 4}, new byte[0]));
        e = assertThrows(DatasetException.class, () -> IdxFile.readImages(zero));
        assertEquals(
                zero + ": has wrong dimensions: dimension 1 is 0, it must be positive",
                e.getMessage());
    }

    /** Found by IdxFuzzTest: the product of the dimensions wrapped around a long (here to 0). */
    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        Path p =
                TestFiles.write(
                        dir.resolve("huge"),
                        TestFiles.idx(
                                IdxFile.IMAGES_MAGIC,
                                new int[] {1 << 21, 1 << 21, 1 << 22},
                                new byte[0]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        assertEquals(
                p
                        + ": has wrong dimensions: 2097152 x 2097152 x 4194304 elements are more than one array"
                        + " can hold",
                e.getMessage());
    }

    /** A 100-byte file that declares 784 MB of images is refused without allocating them. */
    @Test
    void declaredSizeBeyondTheFileIsNotAllocated() throws IOException {
        Path p =
                TestFiles.write(
                        dir.resolve("short"),
                        TestFiles.idx(
                                IdxFile.IMAGES_MAGIC,
                                new int[] {1_000_000, 28, 28},
                                TestFiles.pattern(100, 1)));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.readImages(p));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(
                e.getMessage()
                        .startsWith(p + ": is truncated: its header declares 1000000 x 28 x 28"),
                e.getMessage());
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a 100-byte file");
    }
}
