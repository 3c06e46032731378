package org.tinyprune.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file (the format of MNIST and Fashion-MNIST), plain or gzip-compressed.
 *
 * <p>Layout: a big-endian 32-bit magic number whose first two bytes are zero, whose third byte is
 * the element type (only {@code 0x08}, unsigned byte, is supported) and whose fourth byte is the
 * number of dimensions; then each dimension size as a big-endian 32-bit integer; then the elements
 * in row-major order. Image files have magic {@code 0x00000803} (count, rows, columns), label files
 * {@code 0x00000801} (count). Compression is detected from the gzip magic bytes {@code 1f 8b}, not
 * from the file name.
 *
 * @param file where the data came from
 * @param dims dimension sizes, outermost first
 * @param data the elements, unsigned bytes
 */
public record IdxFile(Path file, int[] dims, byte[] data) {

    /** Magic number of an IDX image file: unsigned bytes, three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX label file: unsigned bytes, one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;

    /** Bytes allocated for the data before any arrive (then doubled as they do). */
    private static final int FIRST_CHUNK = 1 << 20;

    /**
     * Reads an image file (magic {@code 0x00000803}).
     *
     * @param file the file, plain or gzipped
     * @return its contents; {@code dims} is {count, rows, columns}
     * @throws DatasetException if the file is missing, not an image file, or truncated
     */
    public static IdxFile readImages(Path file) throws DatasetException {
        return read(file, IMAGES_MAGIC, "image");
    }

    /**
     * Reads a label file (magic {@code 0x00000801}).
     *
     * @param file the file, plain or gzipped
     * @return its contents; {@code dims} is {count}
     * @throws DatasetException if the file is missing, not a label file, or truncated
     */
    public static IdxFile readLabels(Path file) throws DatasetException {
        return read(file, LABELS_MAGIC, "label");
    }

    /**
     * Decodes the bytes of an IDX file (plain or gzipped), as {@link #readImages} or {@link
     * #readLabels} would read them from {@code file}.
     *
     * @param file the file's name, for messages
     * @param bytes its contents
     * @param images true for an image file, false for a label file
     * @return its contents
     * @throws DatasetException if the bytes are not such a file, or truncated
     */
    static IdxFile decode(Path file, byte[] bytes, boolean images) throws DatasetException {
        return images
                ? parse(file, new ByteArrayInputStream(bytes), IMAGES_MAGIC, "image")
                : parse(file, new ByteArrayInputStream(bytes), LABELS_MAGIC, "label");
    }

    private static IdxFile read(Path file, int expectedMagic, String kind) throws DatasetException {
        InputStream source;
        try {
            source = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "does not exist", e);
        } catch (IOException e) {
            throw new DatasetException(file, "could not be read (" + e + ")", e);
        }
        return parse(file, source, expectedMagic, kind);
    }

    private static IdxFile parse(Path file, InputStream source, int expectedMagic, String kind)
            throws DatasetException {
        try (source;
                InputStream in = open(source)) {
            byte[] head = new byte[4];
            int got = in.readNBytes(head, 0, 4);
            if (got < 4) {
                throw new DatasetException(
                        file,
                        "is truncated: it holds "
                                + got
                                + " bytes, fewer than the 4-byte IDX magic number");
            }
            int magic = bigEndian(head, 0);
            checkMagic(file, magic, expectedMagic, kind);
            int rank = magic & 0xFF;
            byte[] dimBytes = new byte[4 * rank];
            got = in.readNBytes(dimBytes, 0, dimBytes.length);
            if (got < dimBytes.length) {
                throw new DatasetException(
                        file,
                        "is truncated: the header declares "
                                + rank
                                + " dimensions ("
                                + dimBytes.length
                                + " bytes) but only "
                                + got
                                + " bytes follow the magic number");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = bigEndian(dimBytes, 4 * i);
                if (dims[i] <= 0) {
                    throw new DatasetException(
                            file,
                            "has wrong dimensions: dimension "
                                    + i
                                    + " is "
                                    + dims[i]
                                    + ", it must be positive");
                }
            }
            long total = 1;
            for (int d : dims) {
                total *= d; // checked after each factor, so the product never overflows a long
                if (total > Integer.MAX_VALUE - 8) {
                    throw new DatasetException(
                            file,
                            "has wrong dimensions: "
                                    + describe(dims)
                                    + " elements are more than one array can hold");
                }
            }
            byte[] data = readUpTo(in, (int) total);
            if (data.length < total) {
                throw new DatasetException(
                        file,
                        "is truncated: its header declares "
                                + describe(dims)
                                + " = "
                                + total
                                + " data bytes but only "
                                + data.length
                                + " follow");
            }
            if (in.read() != -1) {
                throw new DatasetException(
                        file,
                        "has bytes after the "
                                + total
                                + " data bytes its header declares ("
                                + describe(dims)
                                + "): the dimensions in the header do not match the data");
            }
            return new IdxFile(file, dims, data);
        } catch (EOFException e) {
            throw new DatasetException(file, "is truncated: the gzip stream ends early", e);
        } catch (ZipException e) {
            throw new DatasetException(
                    file, "is not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file, "could not be read (" + e + ")", e);
        }
    }

    /**
     * Reads up to {@code n} bytes, growing the array as they arrive: a header that declares more
     * data than the file holds costs memory for what the file holds, not for what it declares.
     */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, got, buf.length - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got == buf.length ? buf : Arrays.copyOf(buf, got);
    }

    private static void checkMagic(Path file, int magic, int expected, String kind)
            throws DatasetException {
        if (magic == expected) {
            return;
        }
        String want = String.format("0x%08X", expected);
        String got = String.format("0x%08X", magic);
        if ((magic >>> 16) != 0) {
            throw new DatasetException(
                    file,
                    "is not an IDX file: magic number "
                            + got
                            + ", expected "
                            + want
                            + " for an IDX "
                            + kind
                            + " file");
        }
        if (((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
            throw new DatasetException(
                    file,
                    String.format(
                            "has wrong magic number %s: element"
                                    + " type 0x%02X is not supported, only unsigned bytes (0x08); expected %s",
                            got, (magic >>> 8) & 0xFF, want));
        }
        String other =
                magic == IMAGES_MAGIC
                        ? " (that of an image file)"
                        : magic == LABELS_MAGIC ? " (that of a label file)" : "";
        throw new DatasetException(
                file,
                "has wrong magic number "
                        + got
                        + other
                        + ", expected "
                        + want
                        + " for an IDX "
                        + kind
                        + " file with "
                        + (expected & 0xFF)
                        + " dimension(s)");
    }

    private static InputStream open(InputStream source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    private static int bigEndian(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24)
                | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    /**
     * Formats dimensions as {@code 60000 x 28 x 28}.
     *
     * @param dims dimension sizes
     * @return the text
     */
    static String describe(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return sb.toString();
    }
}
