package org.tinyprune.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/** Reads and writes {@code .onnx} files. Writes are atomic: a temp file, then a rename. */
public final class OnnxFiles {

    private OnnxFiles() {}

    /**
     * Writes {@code model} to {@code file}. The bytes go to a temporary file in the same directory
     * which is then renamed over {@code file}, so readers never see a half-written model. Missing
     * parent directories are created.
     */
    public static void write(ModelProto model, Path file) throws IOException {
        writeAtomically(file, model.toByteArray());
    }

    /**
     * Writes {@code bytes} to {@code file} through a temporary sibling and a rename (atomic where
     * the file system supports it, otherwise a plain replacing move).
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Parses an ONNX model file.
     *
     * @throws IOException if the file cannot be read or is not an ONNX protobuf; the message names
     *     the file
     */
    public static ModelProto read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file);
    }

    /**
     * Parses the bytes of an ONNX model file.
     *
     * @param bytes the file's contents
     * @param file where they came from, for messages
     * @throws IOException if the bytes are not an ONNX protobuf with a graph; the message names the
     *     file
     */
    public static ModelProto parse(byte[] bytes, Path file) throws IOException {
        try {
            ModelProto model = ModelProto.parseFrom(bytes);
            if (!model.hasGraph()) {
                throw new IOException(file + " is not an ONNX model: it has no graph (is it really an"
                        + " .onnx file?)");
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not an ONNX model (protobuf parse failed: "
                    + e.getMessage() + ")", e);
        }
    }
}
