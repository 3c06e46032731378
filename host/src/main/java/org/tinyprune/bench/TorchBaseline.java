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
 * Runs PyTorch (Debian's {@code python3-torch}, through {@code /usr/bin/python3} by default) on the
 * architecture of a graph, via the bundled script {@code bench/torch_train_speed.py}, and parses
 * the JSON lines it prints.
 */
public final class TorchBaseline implements AutoCloseable {
    /** The interpreter that has Debian's torch (the pyenv {@code python3} on PATH lacks it). */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = "/bench/torch_train_speed.py";
    private static final long TIMEOUT_MINUTES = 15;

    private final String python;
    private final Path workDir;
    private final Path script;

    /** What the torch rebuild of a graph computed: its parameter count and flat output. */
    public record Forward(long params, float[] output) {}

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

    /**
     * Trains the torch rebuild of {@code graph} and returns the script's result object
     * (samples_per_second, seconds, steps, batch, threads, framework, params, last_loss).
     */
    public JsonObject train(Graph graph, int batch, int warmup, int steps, int threads, long seed)
            throws IOException {
        List<JsonObject> r =
                run(
                        graph.name(),
                        List.of(
                                "--arch",
                                writeArchitecture(graph),
                                "--batch",
                                Integer.toString(batch),
                                "--warmup",
                                Integer.toString(warmup),
                                "--steps",
                                Integer.toString(steps),
                                "--threads",
                                Integer.toString(threads),
                                "--seed",
                                Long.toString(seed)));
        return r.get(r.size() - 1);
    }

    /**
     * Runs the torch rebuild of each graph in eval mode with that graph's own params on its input
     * (N×C×H×W), in one Python process, to prove the rebuilds compute the same functions.
     */
    public List<Forward> forward(List<Graph> graphs, List<Tensor> inputs) throws IOException {
        JsonArray jobs = new JsonArray();
        for (int i = 0; i < graphs.size(); i++) {
            Graph g = graphs.get(i);
            Tensor x = inputs.get(i);
            JsonObject job = new JsonObject();
            job.addProperty("arch", writeArchitecture(g));
            job.addProperty("weights", writeFloats(i + ".weights.bin", paramValues(g)));
            job.addProperty("input", writeFloats(i + ".input.bin", x.data()));
            job.addProperty("batch", x.dim(0));
            jobs.add(job);
        }
        Path jobFile = workDir.resolve("forward-jobs.json");
        Files.writeString(jobFile, jobs.toString());
        List<JsonObject> lines =
                run("forward check", List.of("--forward-jobs", jobFile.toString()));
        if (lines.size() != graphs.size()) {
            throw new IOException(
                    "PyTorch forward check printed "
                            + lines.size()
                            + " results for "
                            + graphs.size()
                            + " graphs");
        }
        List<Forward> result = new ArrayList<>();
        for (JsonObject r : lines) {
            JsonArray out = r.getAsJsonArray("output");
            float[] y = new float[out.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = out.get(i).getAsFloat();
            }
            result.add(new Forward(r.get("params").getAsLong(), y));
        }
        return result;
    }

    private String writeArchitecture(Graph graph) throws IOException {
        Path arch = workDir.resolve(graph.name() + ".json");
        Files.writeString(arch, ArchitectureJson.of(graph));
        return arch.toString();
    }

    private static float[] paramValues(Graph g) {
        List<Param> params = new ArrayList<>(g.params().values());
        int count = 0;
        for (Param p : params) {
            count += p.values().length;
        }
        float[] all = new float[count];
        int pos = 0;
        for (Param p : params) {
            System.arraycopy(p.values(), 0, all, pos, p.values().length);
            pos += p.values().length;
        }
        return all;
    }

    private String writeFloats(String name, float[] values) throws IOException {
        ByteBuffer b =
                ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Path file = workDir.resolve(name);
        Files.write(file, b.array());
        return file.toString();
    }

    private List<JsonObject> run(String what, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start "
                            + python
                            + " for the PyTorch baseline ("
                            + e.getMessage()
                            + "); install python3-torch (scripts/install-deps.sh"
                            + " --with-torch) or pass --python",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(
                        "PyTorch baseline ("
                                + what
                                + ") did not finish in "
                                + TIMEOUT_MINUTES
                                + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PyTorch baseline", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "PyTorch baseline ("
                            + what
                            + ") failed with exit code "
                            + p.exitValue()
                            + " (its error is printed above); is python3-torch installed"
                            + " for "
                            + python
                            + "?");
        }
        List<JsonObject> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            try {
                lines.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (JsonParseException | IllegalStateException e) {
                throw new IOException(
                        "PyTorch baseline ("
                                + what
                                + ") printed '"
                                + line
                                + "', expected one JSON object per line",
                        e);
            }
        }
        return lines;
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
