package org.tinyprune.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Loads a directory laid out like MNIST and Fashion-MNIST: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each
 * gzipped (with a {@code .gz} suffix) or plain, and optionally {@code classes.txt} declaring the
 * class names (see {@link #declaredClasses}).
 */
public final class IdxDirectory {

    /** Training images file name, without the optional {@code .gz} suffix. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

    /** Training labels file name, without the optional {@code .gz} suffix. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

    /** Test images file name, without the optional {@code .gz} suffix. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

    /** Test labels file name, without the optional {@code .gz} suffix. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Optional file declaring the class names, one per line (line k names label k). */
    public static final String CLASSES = "classes.txt";

    /**
     * The two halves of a dataset.
     *
     * @param train the training images
     * @param test the test images
     */
    public record Halves(ImageSet train, ImageSet test) {}

    private record Raw(
            Path imagesFile, Path labelsFile, int rows, int cols, byte[] pixels, int[] labels) {}

    private IdxDirectory() {}

    /**
     * Loads the training and test files of an IDX directory.
     *
     * @param dir the directory
     * @param numClasses the number of classes (labels must lie below it), or 0 to take the largest
     *     training label plus one, which every training label from 0 up to it must then reach (no
     *     class may be missing: a gap is a damaged or mislabelled file, not a class)
     * @param height the required image height, or 0 to accept any
     * @param width the required image width, or 0 to accept any
     * @return the images, one channel each
     * @throws DatasetException if a file is missing or malformed, counts disagree, a label is out
     *     of range, the labels leave a gap, or the image size is not the required one or differs
     *     between the halves
     */
    public static Halves load(Path dir, int numClasses, int height, int width)
            throws DatasetException {
        Raw train = loadHalf(dir, TRAIN_IMAGES, TRAIN_LABELS, numClasses, height, width);
        Raw test = loadHalf(dir, TEST_IMAGES, TEST_LABELS, numClasses, train.rows, train.cols);
        int classes = numClasses;
        if (classes == 0) {
            classes = denseClasses(train);
            Path testLabels = find(dir, TEST_LABELS);
            for (int i = 0; i < test.labels.length; i++) {
                if (test.labels[i] >= classes) {
                    throw new DatasetException(
                            testLabels,
                            "label "
                                    + test.labels[i]
                                    + " of item "
                                    + i
                                    + " names a class the training labels never use (they run 0.."
                                    + (classes - 1)
                                    + "); fix the label, or declare the classes in "
                                    + dir.resolve(CLASSES)
                                    + " (one name per line, line k naming label k)");
                }
            }
        }
        return new Halves(toImageSet(train, classes), toImageSet(test, classes));
    }

    /**
     * The class names declared in {@code dir/classes.txt} (one per line, line k naming label k;
     * blank lines and surrounding spaces ignored), or null when there is no such file.
     *
     * @throws DatasetException naming the file when it is unreadable, empty, names a class twice or
     *     declares more than 256 classes (IDX labels are one byte)
     */
    public static List<String> declaredClasses(Path dir) throws DatasetException {
        Path file = dir.resolve(CLASSES);
        if (!Files.exists(file)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
        if (names.isEmpty() || names.size() > 256 || new HashSet<>(names).size() != names.size()) {
            throw new DatasetException(
                    file,
                    "declares "
                            + names.size()
                            + " class names"
                            + (names.isEmpty()
                                    ? ""
                                    : " (some twice, or more than the 256 a label byte can name)")
                            + "; write one distinct name per"
                            + " line, line k naming label k");
        }
        return names;
    }

    /**
     * The class count of undeclared labels: the largest training label plus one, provided every
     * label below it occurs too.
     */
    private static int denseClasses(Raw train) throws DatasetException {
        int[] counts = new int[256];
        int largest = -1;
        int at = -1;
        for (int i = 0; i < train.labels.length; i++) {
            counts[train.labels[i]]++;
            if (train.labels[i] > largest) {
                largest = train.labels[i];
                at = i;
            }
        }
        if (largest < 0) {
            throw new DatasetException(
                    train.labelsFile,
                    "holds no labels; a training set needs images of every class");
        }
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c <= largest; c++) {
            if (counts[c] == 0) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(
                    train.labelsFile,
                    "label "
                            + largest
                            + " (item "
                            + at
                            + ") implies "
                            + (largest + 1)
                            + " classes, but "
                            + missing.size()
                            + " of the labels 0.."
                            + largest
                            + " never occur ("
                            + (missing.size() <= 5 ? "" : "first: ")
                            + missing.subList(0, Math.min(5, missing.size()))
                            + "); IDX labels must number the classes "
                            + "0..K-1 without gaps. Fix the labels, or declare the classes in "
                            + train.labelsFile.resolveSibling(CLASSES)
                            + " (one name per line, line k naming label k)");
        }
        return largest + 1;
    }

    private static ImageSet toImageSet(Raw raw, int classes) {
        return new ImageSet(1, raw.rows, raw.cols, classes, raw.pixels, raw.labels);
    }

    private static Raw loadHalf(
            Path dir, String imagesName, String labelsName, int numClasses, int height, int width)
            throws DatasetException {
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxFile images = IdxFile.readImages(imagesFile);
        IdxFile labels = IdxFile.readLabels(labelsFile);
        int count = images.dims()[0];
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        if ((height > 0 && rows != height) || (width > 0 && cols != width)) {
            throw new DatasetException(
                    imagesFile,
                    "has wrong dimensions: images are "
                            + rows
                            + " x "
                            + cols
                            + " but "
                            + height
                            + " x "
                            + width
                            + " are expected");
        }
        if (labels.dims()[0] != count) {
            throw new DatasetException(
                    labelsFile,
                    "holds "
                            + labels.dims()[0]
                            + " labels but "
                            + imagesFile.getFileName()
                            + " holds "
                            + count
                            + " images: image/label count mismatch");
        }
        byte[] raw = labels.data();
        int[] lb = new int[count];
        for (int i = 0; i < count; i++) {
            lb[i] = raw[i] & 0xFF;
            if (numClasses > 0 && lb[i] >= numClasses) {
                throw new DatasetException(
                        labelsFile,
                        "label "
                                + lb[i]
                                + " of item "
                                + i
                                + " is outside 0.."
                                + (numClasses - 1)
                                + " ("
                                + numClasses
                                + " classes)");
            }
        }
        return new Raw(imagesFile, labelsFile, rows, cols, images.data(), lb);
    }

    /**
     * Finds {@code base.gz} or, failing that, {@code base} in a directory.
     *
     * @param dir the directory
     * @param base the file name without {@code .gz}
     * @return the path of the file found
     * @throws DatasetException if neither exists
     */
    static Path find(Path dir, String base) throws DatasetException {
        requireDirectory(dir);
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetException(
                gz,
                "does not exist (nor does "
                        + base
                        + " without .gz);"
                        + " an IDX dataset directory holds "
                        + TRAIN_IMAGES
                        + ", "
                        + TRAIN_LABELS
                        + ", "
                        + TEST_IMAGES
                        + " and "
                        + TEST_LABELS
                        + ", each optionally gzipped");
    }

    /**
     * Checks that a dataset directory exists.
     *
     * @param dir the directory
     * @throws DatasetException if it does not exist or is not a directory
     */
    static void requireDirectory(Path dir) throws DatasetException {
        if (!Files.exists(dir)) {
            throw new DatasetException(dir, "does not exist: the dataset directory is missing");
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(
                    dir,
                    "is not a directory: pass the directory that holds" + " the dataset files");
        }
    }
}
