package org.tinyprune.emit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Generates, builds (host gcc) and runs models for tests; the kernel library is built once per JVM.
 */
final class HostHarness {
    private static final Path WORK = Paths.get("target", "hostbuild");
    private static HostBuild plain;
    private static HostBuild asan;
    private static int counter;

    private HostHarness() {}

    static synchronized HostBuild build(boolean sanitize) throws IOException {
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        if (sanitize) {
            asan = asan == null ? new HostBuild(runtime, WORK, true) : asan;
            return asan;
        }
        plain = plain == null ? new HostBuild(runtime, WORK, false) : plain;
        return plain;
    }

    /** Emits {@code g} into a fresh directory and builds its runner. */
    static Path runner(Graph g, boolean sanitize) throws IOException, UnsupportedModelException {
        return runner(CodeGenerator.generate(g, null), g, sanitize);
    }

    /**
     * Writes an already generated model of {@code g} into a fresh directory and builds its runner.
     */
    static Path runner(GeneratedModel gen, Graph g, boolean sanitize) throws IOException {
        Path dir;
        synchronized (HostHarness.class) {
            dir =
                    WORK.resolve(
                            "model-"
                                    + (counter++)
                                    + "-"
                                    + g.name().replaceAll("[^A-Za-z0-9]", "_"));
        }
        gen.writeTo(dir);
        HostRunner.writeTo(dir);
        return build(sanitize).buildRunner(dir);
    }

    /** Runs a float model (or an int8 model with float I/O) on raw float32 input in ONNX order. */
    static float[] runFloat(Path bin, float[] input, int outputs) throws IOException {
        Path in = bin.getParent().resolve("in.bin");
        Path out = bin.getParent().resolve("out.bin");
        ByteBuffer b = ByteBuffer.allocate(4 * input.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(input);
        Files.write(in, b.array());
        HostBuild.run(bin, in.toString(), out.toString());
        float[] r = new float[outputs];
        ByteBuffer.wrap(Files.readAllBytes(out))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(r);
        return r;
    }

    /** Runs an int8 model on int8 codes in ONNX order. */
    static byte[] runInt8(Path bin, byte[] input) throws IOException {
        Path in = bin.getParent().resolve("in.s8");
        Path out = bin.getParent().resolve("out.s8");
        Files.write(in, input);
        HostBuild.run(bin, "--int8", in.toString(), out.toString());
        return Files.readAllBytes(out);
    }
}
