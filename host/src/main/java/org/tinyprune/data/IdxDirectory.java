package org.tinyprune.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a directory laid out like MNIST and Fashion-MNIST: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each gzipped (with a {@code .gz} suffix) or plain.
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

    /**
     * The two halves of a dataset.
     *
     * @param train the training images
     * @param test the test images
     */
    public record Halves(ImageSet train, ImageSet test) {
    }

    private record Raw(Path imagesFile, int rows, int cols, byte[] pixels, int[] labels) {
    }

    private IdxDirectory() {
    }

    /**
     * Loads the training and test files of an IDX directory.
     *
     * @param dir the directory
     * @param numClasses the number of classes (labels must lie below it), or 0 to take the
     *     largest label seen plus one
     * @param height the required image height, or 0 to accept any
     * @param width the required image width, or 0 to accept any
     * @return the images, one channel each
     * @throws DatasetException if a file is missing or malformed, counts disagree, a label is out
     *     of range, or the image size is not the required one or differs between the halves
     */
    public static Halves load(Path dir, int numClasses, int height, int width)
            throws DatasetException {
        Raw train = loadHalf(dir, TRAIN_IMAGES, TRAIN_LABELS, numClasses, height, width);
        Raw test = loadHalf(dir, TEST_IMAGES, TEST_LABELS, numClasses, train.rows, train.cols);
        int classes = numClasses;
        if (classes == 0) {
            for (int[] labels : new int[][] {train.labels, test.labels}) {
                for (int label : labels) {
                    classes = Math.max(classes, label + 1);
                }
            }
        }
        return new Halves(toImageSet(train, classes), toImageSet(test, classes));
    }

    private static ImageSet toImageSet(Raw raw, int classes) {
        return new ImageSet(1, raw.rows, raw.cols, classes, raw.pixels, raw.labels);
    }

    private static Raw loadHalf(Path dir, String imagesName, String labelsName, int numClasses,
            int height, int width) throws DatasetException {
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxFile images = IdxFile.readImages(imagesFile);
        IdxFile labels = IdxFile.readLabels(labelsFile);
        int count = images.dims()[0];
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        if ((height > 0 && rows != height) || (width > 0 && cols != width)) {
            throw new DatasetException(imagesFile, "has wrong dimensions: images are " + rows
                    + " x " + cols + " but " + height + " x " + width + " are expected");
        }
        if (labels.dims()[0] != count) {
            throw new DatasetException(labelsFile, "holds " + labels.dims()[0]
                    + " labels but " + imagesFile.getFileName() + " holds " + count
                    + " images: image/label count mismatch");
        }
        byte[] raw = labels.data();
        int[] lb = new int[count];
        for (int i = 0; i < count; i++) {
            lb[i] = raw[i] & 0xFF;
            if (numClasses > 0 && lb[i] >= numClasses) {
                throw new DatasetException(labelsFile, "label " + lb[i] + " of item " + i
                        + " is outside 0.." + (numClasses - 1) + " (" + numClasses
                        + " classes)");
            }
        }
        return new Raw(imagesFile, rows, cols, images.data(), lb);
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
        throw new DatasetException(gz, "does not exist (nor does " + base + " without .gz);"
                + " an IDX dataset directory holds " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", "
                + TEST_IMAGES + " and " + TEST_LABELS + ", each optionally gzipped");
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
            throw new DatasetException(dir, "is not a directory: pass the directory that holds"
                    + " the dataset files");
        }
    }
}
