package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class count of {@code --dataset idx}: declared in {@code classes.txt}, or else the labels
 * must number the classes densely; one damaged label byte never makes a model with more classes.
 */
class IdxClassCountTest {
    @TempDir Path dir;

    /** Sets label {@code item} of a plain IDX labels file to {@code value}. */
    private static void setLabel(Path labels, int item, int value) throws Exception {
        byte[] b = Files.readAllBytes(labels);
        b[8 + item] = (byte) value; // magic, count, then one byte per label
        Files.write(labels, b);
    }

    @Test
    void oneTrainingLabelOf200IsAGapNamedWithItsFileAndItem() throws Exception {
        TestFiles.idxDirectory(dir, 30, 10, 6, 6, 10, false);
        Path labels = dir.resolve(IdxDirectory.TRAIN_LABELS);
        setLabel(labels, 17, 200);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("idx", dir));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                labels
                                        + ": label 200 (item 17) implies 201 classes, but 190 of the "
                                        + "labels 0..200 never occur (first: [10, 11, 12, 13, 14])"),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("classes.txt").toString()), e.getMessage());
    }

    @Test
    void aTestLabelBeyondTheTrainingClassesIsRefused() throws Exception {
        TestFiles.idxDirectory(dir, 30, 10, 6, 6, 10, false);
        Path labels = dir.resolve(IdxDirectory.TEST_LABELS);
        setLabel(labels, 3, 10);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("idx", dir));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                labels
                                        + ": label 10 of item 3 names a class the training labels never "
                                        + "use (they run 0..9)"),
                e.getMessage());
    }

    @Test
    void denseLabelsGiveTheirCount() throws Exception {
        TestFiles.idxDirectory(dir, 30, 10, 6, 6, 7, false);
        Dataset ds = Datasets.load("idx", dir);
        assertEquals(7, ds.numClasses());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), ds.classNames());
    }

    @Test
    void declaredClassesAllowAClassWithoutTrainingImagesAndNameTheClasses() throws Exception {
        TestFiles.idxDirectory(dir, 30, 10, 6, 6, 3, false);
        Files.writeString(dir.resolve("classes.txt"), "cat\ndog\n\n  bird \nfish\n");
        Dataset ds = Datasets.load("idx", dir);
        assertEquals(4, ds.numClasses(), "fish is declared though no image shows one");
        assertEquals(List.of("cat", "dog", "bird", "fish"), ds.classNames());

        setLabel(dir.resolve(IdxDirectory.TRAIN_LABELS), 5, 4);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("idx", dir));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                dir.resolve(IdxDirectory.TRAIN_LABELS)
                                        + ": label 4 of item 5 is "
                                        + "outside 0..3 (4 classes)"),
                e.getMessage());
    }

    @Test
    void aMalformedDeclarationIsNamed() throws Exception {
        TestFiles.idxDirectory(dir, 30, 10, 6, 6, 3, false);
        Files.writeString(dir.resolve("classes.txt"), "cat\ncat\ndog\n");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("idx", dir));
        assertTrue(
                e.getMessage().startsWith(dir.resolve("classes.txt") + ": declares 3 class names"),
                e.getMessage());
    }
}
