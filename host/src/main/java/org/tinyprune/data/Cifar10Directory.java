package org.tinyprune.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the CIFAR-10 binary version: {@code data_batch_1.bin} … {@code data_batch_5.bin} for
 * training and {@code test_batch.bin} for testing, each a sequence of 3073-byte records (one label
 * byte 0..9, then 1024 red, 1024 green and 1024 blue pixel bytes, row-major 32 × 32). The files may
 * sit directly in the given directory or in its {@code cifar-10-batches-bin} subdirectory (the
 * layout of the unpacked archive).
 */
public final class Cifar10Directory {

    /** Image side in pixels. */
    public static final int SIDE = 32;

    /** Channels per image. */
    public static final int CHANNELS = 3;

    /** Bytes per record: one label byte plus 3 × 32 × 32 pixel bytes. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;

    /** Number of classes. */
    public static final int CLASSES = 10;

    /** Class names, indexed by label, as in the dataset's {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");

    private static final String SUBDIR = "cifar-10-batches-bin";
    private static final int TRAIN_BATCHES = 5;

    private Cifar10Directory() {}

    /**
     * Loads both halves.
     *
     * @param dir the directory holding the batch files (or their {@code cifar-10-batches-bin}
     *     subdirectory)
     * @return training (all five data batches, in order) and test images
     * @throws DatasetException if a file is missing, its length is not a whole number of records,
     *     or a label is not 0..9
     */
    public static IdxDirectory.Halves load(Path dir) throws DatasetException {
        IdxDirectory.requireDirectory(dir);
        Path base = dir;
        if (!Files.exists(dir.resolve("test_batch.bin"))
                && Files.isDirectory(dir.resolve(SUBDIR))) {
            base = dir.resolve(SUBDIR);
        }
        List<Path> trainFiles = new ArrayList<>();
        for (int i = 1; i <= TRAIN_BATCHES; i++) {
            trainFiles.add(base.resolve("data_batch_" + i + ".bin"));
        }
        return new IdxDirectory.Halves(
                read(trainFiles), read(List.of(base.resolve("test_batch.bin"))));
    }

    /**
     * Reads and concatenates CIFAR-10 batch files.
     *
     * @param files the files, in order
     * @return their images
     * @throws DatasetException if a file is missing or malformed
     */
    public static ImageSet read(List<Path> files) throws DatasetException {
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(readAll(file));
        }
        return decode(files, contents);
    }

    /**
     * Decodes the bytes of CIFAR-10 batch files, as {@link #read} would read them.
     *
     * @param files the files' names, for messages
     * @param contents their bytes, in the same order
     * @return their images
     * @throws DatasetException if a file is malformed
     */
    static ImageSet decode(List<Path> files, List<byte[]> contents) throws DatasetException {
        int total = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            byte[] bytes = contents.get(i);
            if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                throw new DatasetException(
                        file,
                        "is truncated or not a CIFAR-10 batch: its "
                                + bytes.length
                                + " bytes are not a whole number of "
                                + RECORD_BYTES
                                + "-byte records (1 label byte + 3 x 32 x 32 pixel bytes)");
            }
            total += bytes.length / RECORD_BYTES;
        }
        int imageSize = RECORD_BYTES - 1;
        if ((long) total * imageSize > Integer.MAX_VALUE - 8) {
            throw new DatasetException(
                    files.get(0),
                    "is the first of "
                            + files.size()
                            + " batch files"
                            + " holding "
                            + total
                            + " records together, more than one array of pixels can"
                            + " hold; load fewer files");
        }
        byte[] pixels = new byte[total * imageSize];
        int[] labels = new int[total];
        int n = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int off = 0; off < bytes.length; off += RECORD_BYTES, n++) {
                int label = bytes[off] & 0xFF;
                if (label >= CLASSES) {
                    throw new DatasetException(
                            files.get(f),
                            "record "
                                    + (off / RECORD_BYTES)
                                    + " has label "
                                    + label
                                    + ", outside 0..9: not a CIFAR-10 batch"
                                    + " (CIFAR-100 records have two label bytes)");
                }
                labels[n] = label;
                System.arraycopy(bytes, off + 1, pixels, n * imageSize, imageSize);
            }
        }
        return new ImageSet(CHANNELS, SIDE, SIDE, CLASSES, pixels, labels);
    }

    private static byte[] readAll(Path file) throws DatasetException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(
                    file,
                    "does not exist; a CIFAR-10 directory holds"
                            + " data_batch_1.bin .. data_batch_5.bin and test_batch.bin",
                    e);
        } catch (IOException e) {
            throw new DatasetException(file, "could not be read (" + e + ")", e);
        }
    }
}
