package org.tinyprune.emit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tinyprune.io.AtomicFiles;

/**
 * The host runner program {@code tp_runner.c}: reads an input tensor (raw little-endian or ONNX
 * TensorProto {@code .pb}, ONNX element order), runs the generated model, writes the output the
 * same way. With {@code --int8} the files carry int8 codes instead of float32 values.
 */
public final class HostRunner {
    /** File name of the runner source. */
    public static final String FILE = "tp_runner.c";

    private HostRunner() {}

    /** The runner's C source. */
    public static String source() {
        try (InputStream in = HostRunner.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + FILE + " missing from the codegen jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code tp_runner.c} into {@code dir} atomically. */
    public static void writeTo(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), source());
    }
}
