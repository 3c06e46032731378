package org.tinyprune.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tinyprune.onnx.OnnxFiles;

/**
 * Atomic output of report files (PNG, JSON, Markdown): the content is rendered in memory and
 * written through {@link OnnxFiles#writeAtomically}, the project's one temporary-file-and-rename
 * writer, so readers see the old file or the whole new one, never a part.
 */
public final class Files2 {
    private Files2() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically with the content {@code writer} produces. */
    public static void writeAtomically(Path file, Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(bytes);
        OnnxFiles.writeAtomically(file, bytes.toByteArray());
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path file, String text) throws IOException {
        OnnxFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
