package org.tinyprune.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic file output: write a temporary file beside the target, then rename it into place. */
public final class Files2 {
    private Files2() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically: readers see the old file or the whole new one, never a part. */
    public static void writeAtomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path file, String text) throws IOException {
        writeAtomically(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
