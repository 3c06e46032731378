package org.tinyprune.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/** Reads and writes {@code .onnx} files. Writes are atomic ({@link AtomicFiles}). */
public final class OnnxFiles {

    private OnnxFiles() {}

    /**
     * Writes {@code model} to {@code file}. The bytes go to a temporary file in the same directory
     * which is then renamed over {@code file}, so readers never see a half-written model. Missing
     * parent directories are created.
     */
    public static void write(ModelProto model, Path file) throws IOException {
        AtomicFiles.write(file, model.toByteArray());
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
                throw new IOException(
                        file
                                + " is not an ONNX model: it has no graph (is it really an"
                                + " .onnx file?)");
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(
                    file + " is not an ONNX model (protobuf parse failed: " + e.getMessage() + ")",
                    e);
        }
    }
}
