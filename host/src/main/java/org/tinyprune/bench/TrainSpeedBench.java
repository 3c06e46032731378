package org.tinyprune.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.train.Throughput;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The training-speed benchmark: for each zoo model (built for Fashion-MNIST, 1×28×28, 10 classes),
 * trains a fixed number of steps with our engine and then, in the same run, with PyTorch on the
 * same architecture, batch size and thread count; warm-up steps are excluded from both timings.
 * Both sides run full steps (forward, softmax cross-entropy, backward, SGD with momentum 0.9 and
 * weight decay 5e-4) on one fixed random batch, so the figure is compute only.
 */
public final class TrainSpeedBench {

    /**
     * What to run.
     *
     * @param rounds how many times each side is measured, alternating ours and PyTorch; the best
     *     samples/s of each side is kept, which damps the noise of a shared machine
     */
    public record Settings(
            List<String> models,
            int batch,
            int warmup,
            int steps,
            int threads,
            int rounds,
            long seed,
            String python) {
        /** Checks the values. */
        public Settings {
            if (batch < 1 || warmup < 0 || steps < 1 || threads < 1 || rounds < 1) {
                throw new IllegalArgumentException(
                        "benchmark needs batch >= 1, warmup >= 0,"
                                + " steps >= 1, threads >= 1, rounds >= 1; got batch="
                                + batch
                                + " warmup="
                                + warmup
                                + " steps="
                                + steps
                                + " threads="
                                + threads
                                + " rounds="
                                + rounds);
            }
            for (String m : models) {
                Zoo.architecture(m);
            }
            models = List.copyOf(models);
        }

        /**
         * Every zoo model, batch 64, 3 warm-up and 20 timed steps, 2 threads, one round, Debian's
         * torch.
         */
        public static Settings defaults() {
            return new Settings(
                    List.copyOf(Zoo.names()), 64, 3, 20, 2, 1, 1, TorchBaseline.DEFAULT_PYTHON);
        }
    }

    /** One model's figures. */
    public record Result(
            String model,
            long params,
            long macs,
            double oursSamplesPerSecond,
            double torchSamplesPerSecond,
            String torchVersion) {
        /** tinyprune ÷ PyTorch samples/s (≥ 1 means we are at least as fast). */
        public double ratio() {
            return oursSamplesPerSecond / torchSamplesPerSecond;
        }
    }

    private TrainSpeedBench() {}

    /**
     * Runs the benchmark, printing one progress line per model to {@code progress}.
     *
     * @throws IOException if the PyTorch side cannot be run
     */
    public static List<Result> run(Settings s, PrintStream progress) throws IOException {
        List<Result> results = new ArrayList<>();
        int previousThreads = Parallel.threads();
        Parallel.setThreads(s.threads());
        try (TorchBaseline torch = new TorchBaseline(s.python())) {
            for (String name : s.models()) {
                Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10));
                g.init(s.seed());
                double ours = 0;
                double theirs = 0;
                String framework = "";
                for (int round = 1; round <= s.rounds(); round++) {
                    progress.printf(
                            Locale.ROOT,
                            "%-18s round %d/%d: tinyprune ...%n",
                            name,
                            round,
                            s.rounds());
                    ours =
                            Math.max(
                                    ours,
                                    Throughput.samplesPerSecond(
                                            g, s.batch(), s.warmup(), s.steps(), 10));
                    progress.printf(
                            Locale.ROOT,
                            "%-18s round %d/%d: PyTorch ...%n",
                            name,
                            round,
                            s.rounds());
                    JsonObject t =
                            torch.train(g, s.batch(), s.warmup(), s.steps(), s.threads(), s.seed());
                    theirs = Math.max(theirs, t.get("samples_per_second").getAsDouble());
                    framework = t.get("framework").getAsString();
                }
                Result r = new Result(name, g.paramCount(), g.macs(), ours, theirs, framework);
                progress.printf(
                        Locale.ROOT,
                        "%-18s tinyprune %.1f, PyTorch %.1f samples/s," + " ratio %.2f%n",
                        name,
                        ours,
                        theirs,
                        r.ratio());
                results.add(r);
            }
        } finally {
            Parallel.setThreads(previousThreads);
        }
        return results;
    }

    /**
     * The results as a Markdown section for BENCHMARKS.md: settings, machine, exact command, and
     * one table row per model.
     */
    public static String markdown(
            List<Result> results, Settings s, String machine, String command) {
        String torch = results.isEmpty() ? "PyTorch" : results.get(0).torchVersion();
        String settings =
                String.format(
                        Locale.ROOT,
                        "batch %d, %d threads on both sides,"
                                + " %d timed steps after %d warm-up steps, best of %d alternating round(s) per"
                                + " side, SGD momentum 0.9 + weight decay 5e-4, softmax cross-entropy, one fixed"
                                + " random 1x28x28 batch, seed %d; baseline %s (`%s`)",
                        s.batch(),
                        s.threads(),
                        s.steps(),
                        s.warmup(),
                        s.rounds(),
                        s.seed(),
                        torch,
                        s.python());
        StringBuilder sb =
                BenchMarkdown.header(
                        "Training speed: tinyprune vs PyTorch", machine, settings, command);
        sb.append(
                "| model | params | MACs/sample | tinyprune samples/s | PyTorch samples/s"
                        + " | ratio |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,d | %.1f | %.1f | %.2f× |%n",
                            r.model(),
                            r.params(),
                            r.macs(),
                            r.oursSamplesPerSecond(),
                            r.torchSamplesPerSecond(),
                            r.ratio()));
        }
        return sb.toString();
    }
}
