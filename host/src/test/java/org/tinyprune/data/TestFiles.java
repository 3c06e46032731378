package org.tinyprune.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX and CIFAR-10 files for the loader tests. */
final class TestFiles {

    private TestFiles() {}

    /** IDX bytes: magic, big-endian dims, then data. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, magic);
        for (int d : dims) {
            writeInt(out, d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    /** Pixel values with a recognisable pattern: image i, offset k -> (7i + 3k) mod 256. */
    static byte[] pattern(int count, int imageSize) {
        byte[] b = new byte[count * imageSize];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < imageSize; k++) {
                b[i * imageSize + k] = (byte) (7 * i + 3 * k);
            }
        }
        return b;
    }

    /**
     * Writes a complete IDX directory: train and test images of rows x cols with labels i mod
     * classes, gzipped or plain.
     */
    static void idxDirectory(
            Path dir, int train, int test, int rows, int cols, int classes, boolean gz)
            throws IOException {
        writeHalf(
                dir,
                IdxDirectory.TRAIN_IMAGES,
                IdxDirectory.TRAIN_LABELS,
                train,
                rows,
                cols,
                classes,
                gz);
        writeHalf(
                dir,
                IdxDirectory.TEST_IMAGES,
                IdxDirectory.TEST_LABELS,
                test,
                rows,
                cols,
                classes,
                gz);
    }

    private static void writeHalf(
            Path dir,
            String images,
            String labels,
            int n,
            int rows,
            int cols,
            int classes,
            boolean gz)
            throws IOException {
        byte[] img = idx(IdxFile.IMAGES_MAGIC, new int[] {n, rows, cols}, pattern(n, rows * cols));
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) (i % classes);
        }
        byte[] lab = idx(IdxFile.LABELS_MAGIC, new int[] {n}, lb);
        String suffix = gz ? ".gz" : "";
        write(dir.resolve(images + suffix), gz ? gzip(img) : img);
        write(dir.resolve(labels + suffix), gz ? gzip(lab) : lab);
    }

    /** CIFAR-10 records: label (first + i) mod 10, pixels pattern(i). */
    static byte[] cifar(int records, int first) {
        int size = Cifar10Directory.RECORD_BYTES - 1;
        byte[] px = pattern(records, size);
        byte[] out = new byte[records * Cifar10Directory.RECORD_BYTES];
        for (int i = 0; i < records; i++) {
            out[i * Cifar10Directory.RECORD_BYTES] = (byte) ((first + i) % 10);
            System.arraycopy(px, i * size, out, i * Cifar10Directory.RECORD_BYTES + 1, size);
        }
        return out;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
