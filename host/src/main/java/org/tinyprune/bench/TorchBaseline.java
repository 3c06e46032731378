package org.tinyprune.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;

/**
 * Runs PyTorch (Debian's {@code python3-torch}, through {@code /usr/bin/python3} by default) on
 * the architecture of a graph, via the bundled script {@code bench/torch_train_speed.py}, and
 * parses the one JSON line it prints.
 */
public final class TorchBaseline implements AutoCloseable {
    /** The interpreter that has Debian's torch (the pyenv {@code python3} on PATH lacks it). */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "/bench/torch_train_speed.py";
    private static final long TIMEOUT_MINUTES = 15;

    private final String python;
    private final Path workDir;
    private final Path script;

    /** Prepares a working directory holding the script; {@link #close} removes it. */
    public TorchBaseline(String python) throws IOException {
        this.python = python;
        this.workDir = Files.createTempDirectory("tinyprune-torch");
        this.script = workDir.resolve("torch_train_speed.py");
        try (InputStream in = TorchBaseline.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("resource " + SCRIPT + " is missing from the tinyprune jar");
            }
            Files.copy(in, script);
        }
    }

    /** Parameter count and per-sample output shape of the torch rebuild of {@code graph}. */
    public JsonObject describe(Graph graph) throws IOException {
        return run(graph, List.of("--describe"));
    }

    /** What the torch rebuild computed: its parameter count and flat output. */
    public record Forward(long params, float[] output) {}

    /**
     * Runs the torch rebuild of {@code graph} in eval mode with {@code graph}'s own params on
     * {@code input} (N×C×H×W), to prove the rebuild computes the same function.
     */
    public Forward forward(Graph graph, Tensor input) throws IOException {
        Path weights = workDir.resolve(graph.name() + ".weights.bin");
        Path x = workDir.resolve(graph.name() + ".input.bin");
        int count = 0;
        for (Param p : graph.params().values()) {
            count += p.values().length;
        }
        ByteBuffer w = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Param p : graph.params().values()) {
            w.asFloatBuffer().put(p.values());
            w.position(w.position() + p.values().length * Float.BYTES);
        }
        Files.write(weights, w.array());
        ByteBuffer in = ByteBuffer.allocate(input.size() * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        in.asFloatBuffer().put(input.data(), 0, input.size());
        Files.write(x, in.array());
        JsonObject r = run(graph, List.of("--batch", Integer.toString(input.dim(0)), "--forward",
                weights.toString(), x.toString()));
        JsonArray out = r.getAsJsonArray("output");
        float[] result = new float[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i).getAsFloat();
        }
        return new Forward(r.get("params").getAsLong(), result);
    }

    /**
     * Trains the torch rebuild of {@code graph} and returns the script's result object
     * (samples_per_second, seconds, steps, batch, threads, framework, params, last_loss).
     */
    public JsonObject train(Graph graph, int batch, int warmup, int steps, int threads, long seed)
            throws IOException {
        return run(graph, List.of("--batch", Integer.toString(batch), "--warmup",
                Integer.toString(warmup), "--steps", Integer.toString(steps), "--threads",
                Integer.toString(threads), "--seed", Long.toString(seed)));
    }

    private JsonObject run(Graph graph, List<String> args) throws IOException {
        Path arch = workDir.resolve(graph.name() + ".json");
        Files.writeString(arch, ArchitectureJson.of(graph));
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--arch",
                arch.toString()));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + " for the PyTorch baseline ("
                    + e.getMessage() + "); install python3-torch (scripts/install-deps.sh"
                    + " --with-torch) or pass --python", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("PyTorch baseline for " + graph.name() + " did not finish in "
                        + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PyTorch baseline", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("PyTorch baseline for " + graph.name() + " failed (exit "
                    + p.exitValue() + "; its error is printed above). Is python3-torch installed"
                    + " for " + python + "?");
        }
        String last = out.substring(out.lastIndexOf('\n') + 1);
        try {
            return JsonParser.parseString(last).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("PyTorch baseline printed '" + last + "', expected one JSON"
                    + " object", e);
        }
    }

    /** Deletes the working directory. */
    @Override
    public void close() throws IOException {
        try (var files = Files.list(workDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(workDir);
    }
}
