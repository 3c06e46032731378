package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDirectoryTest {

    @TempDir Path dir;

    @Test
    void roundTripsGzippedAndPlainDirectories() throws Exception {
        for (boolean gz : new boolean[] {true, false}) {
            Path d = Files.createDirectory(dir.resolve(gz ? "gz" : "plain"));
            TestFiles.idxDirectory(d, 12, 5, 28, 28, 10, gz);
            Dataset ds = Datasets.load("fashion-mnist", d);
            assertEquals(12, ds.train().size());
            assertEquals(5, ds.test().size());
            assertArrayEquals(new int[] {1, 28, 28}, ds.inputShape());
            byte[] first = new byte[784];
            ds.train().copyImage(7, first, 0);
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(TestFiles.pattern(12, 784), 7 * 784, 8 * 784),
                    first);
            assertEquals(7 % 10, ds.train().label(7));
            assertEquals(new Augmentation(2, true), ds.defaultAugmentation());
            assertEquals(d.toString(), ds.source());
        }
    }

    @Test
    void genericIdxTakesAnySizeAndCountsClasses() throws Exception {
        TestFiles.idxDirectory(dir, 9, 4, 5, 7, 3, false);
        Dataset ds = Datasets.load("idx", dir);
        assertArrayEquals(new int[] {1, 5, 7}, ds.inputShape());
        assertEquals(3, ds.numClasses());
        assertArrayEquals(new int[] {3, 3, 3}, ds.train().classCounts());
        assertEquals(false, ds.defaultAugmentation().horizontalFlip());
    }

    @Test
    void missingFileNamesTheFileAndTheExpectedLayout() throws Exception {
        TestFiles.idxDirectory(dir, 4, 2, 28, 28, 10, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("fashion-mnist", dir));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                dir.resolve("t10k-labels-idx1-ubyte.gz")
                                        + ": does not exist (nor does t10k-labels-idx1-ubyte without .gz)"),
                e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path nowhere = dir.resolve("nowhere");
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("mnist", nowhere));
        assertEquals(
                nowhere + ": does not exist: the dataset directory is missing", e.getMessage());
    }

    @Test
    void imageLabelCountMismatchNamesBothFiles() throws Exception {
        TestFiles.idxDirectory(dir, 6, 2, 28, 28, 10, false);
        TestFiles.write(
                dir.resolve(IdxDirectory.TRAIN_LABELS),
                TestFiles.idx(IdxFile.LABELS_MAGIC, new int[] {5}, new byte[5]));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("fashion-mnist", dir));
        assertEquals(
                dir.resolve(IdxDirectory.TRAIN_LABELS)
                        + ": holds 5 labels but"
                        + " train-images-idx3-ubyte holds 6 images: image/label count mismatch",
                e.getMessage());
    }

    @Test
    void wrongImageSizeForTheDatasetIsReported() throws Exception {
        TestFiles.idxDirectory(dir, 3, 2, 32, 32, 10, false);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("fashion-mnist", dir));
        assertEquals(
                dir.resolve(IdxDirectory.TRAIN_IMAGES)
                        + ": has wrong dimensions: images"
                        + " are 32 x 32 but 28 x 28 are expected",
                e.getMessage());
    }

    @Test
    void testImagesOfAnotherSizeThanTrainingImagesAreReported() throws Exception {
        TestFiles.idxDirectory(dir, 3, 2, 8, 8, 2, false);
        TestFiles.write(
                dir.resolve(IdxDirectory.TEST_IMAGES),
                TestFiles.idx(IdxFile.IMAGES_MAGIC, new int[] {2, 8, 9}, TestFiles.pattern(2, 72)));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("idx", dir));
        assertEquals(
                dir.resolve(IdxDirectory.TEST_IMAGES)
                        + ": has wrong dimensions: images"
                        + " are 8 x 9 but 8 x 8 are expected",
                e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws Exception {
        TestFiles.idxDirectory(dir, 3, 2, 28, 28, 10, false);
        TestFiles.write(
                dir.resolve(IdxDirectory.TEST_LABELS),
                TestFiles.idx(IdxFile.LABELS_MAGIC, new int[] {2}, new byte[] {1, 10}));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("fashion-mnist", dir));
        assertEquals(
                dir.resolve(IdxDirectory.TEST_LABELS)
                        + ": label 10 of item 1 is outside"
                        + " 0..9 (10 classes)",
                e.getMessage());
    }

    @Test
    void defaultFashionMnistFailureNamesTheDebianPackage() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.fashionMnistDefault(empty));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                empty.resolve("train-images-idx3-ubyte.gz") + ": does not exist"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Debian package dataset-fashion-mnist"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "apt-get install -y --no-install-recommends dataset-fashion-mnist"));
    }

    @Test
    void unknownDatasetAndMissingDirectoryAreExplained() {
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("imagenet", null));
        assertEquals(
                "unknown dataset 'imagenet'; known datasets: fashion-mnist, mnist, idx,"
                        + " cifar10, image-folder, wav-folder",
                e.getMessage());
        e = assertThrows(DatasetException.class, () -> Datasets.load("cifar10", null));
        assertEquals(
                "dataset 'cifar10' has no default location: pass --data DIR naming the"
                        + " directory that holds its files",
                e.getMessage());
    }
}
