package org.tinyprune.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.tinyprune.io.AtomicFiles;

/**
 * Atomic output of report files, kept for the callers not yet moved to {@link AtomicFiles} (the
 * project's one temporary-file-and-rename writer), which it calls; new code uses that directly.
 */
public final class Files2 {
    private Files2() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically with the content {@code writer} produces. */
    public static void writeAtomically(Path file, Writer writer) throws IOException {
        AtomicFiles.write(file, writer::write);
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }
}
