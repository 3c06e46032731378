package org.tinyprune.data;

import java.util.List;
import java.util.Objects;

/**
 * A loaded dataset: its training and test images, class names, where it came from, and the
 * augmentation that suits it by default.
 *
 * @param name the registry name, e.g. {@code fashion-mnist}
 * @param source where the files were read from (a directory), for provenance
 * @param classNames one name per class, indexed by label
 * @param train the training images (a validation split is taken from these)
 * @param test the test images
 * @param defaultAugmentation the augmentation recommended for training on this data
 */
public record Dataset(
        String name,
        String source,
        List<String> classNames,
        ImageSet train,
        ImageSet test,
        Augmentation defaultAugmentation) {

    /**
     * Checks that the parts agree.
     *
     * @param name the registry name
     * @param source where the files were read from
     * @param classNames one name per class
     * @param train the training images
     * @param test the test images
     * @param defaultAugmentation the recommended augmentation
     * @throws IllegalArgumentException if train and test differ in shape or class count, or the
     *     number of class names differs from the class count
     */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(defaultAugmentation, "defaultAugmentation");
        if (train.channels() != test.channels()
                || train.height() != test.height()
                || train.width() != test.width()
                || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException(
                    "dataset "
                            + name
                            + ": training set ("
                            + train
                            + ") and test set ("
                            + test
                            + ") differ in shape or class count");
        }
        if (classNames.size() != train.numClasses()) {
            throw new IllegalArgumentException(
                    "dataset "
                            + name
                            + ": "
                            + classNames.size()
                            + " class names for "
                            + train.numClasses()
                            + " classes");
        }
    }

    /**
     * @return the input shape of one image, {channels, height, width}
     */
    public int[] inputShape() {
        return new int[] {train.channels(), train.height(), train.width()};
    }

    /**
     * Identifies the data for provenance records: name, source and the content fingerprint and size
     * of both halves.
     *
     * @return e.g. {@code fashion-mnist /usr/share/datasets/fashion-mnist train 60000 crc32
     *     0123abcd test 10000 crc32 4567ef01}
     */
    public String identity() {
        return name
                + " "
                + source
                + " train "
                + train.size()
                + " crc32 "
                + train.fingerprint()
                + " test "
                + test.size()
                + " crc32 "
                + test.fingerprint();
    }

    /**
     * @return the number of classes
     */
    public int numClasses() {
        return train.numClasses();
    }

    /**
     * This dataset evaluated on only its first test images, for quick runs.
     *
     * @param limit test images to keep (0, or at least the test set's size: all)
     * @return the limited dataset, or this one when nothing is cut
     */
    public Dataset withTestLimit(int limit) {
        if (limit <= 0 || limit >= test.size()) {
            return this;
        }
        return new Dataset(
                name,
                source,
                classNames,
                train,
                test.subset(java.util.stream.IntStream.range(0, limit).toArray()),
                defaultAugmentation);
    }
}
