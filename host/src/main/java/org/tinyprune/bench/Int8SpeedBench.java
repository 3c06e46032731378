package org.tinyprune.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The int8 evaluation-speed benchmark: for each zoo model (built for Fashion-MNIST, 1×28×28, 10
 * classes, seeded weights, quantised with default min-max calibration), runs the same seeded random
 * inputs through {@link QuantizedModel#runInt8(float[], int)} (the parallel path behind {@link
 * QuantizedModel#accuracy}) with the naive reference convolution and with the optimised kernels,
 * alternating, and reports samples/s side by side together with the number of samples whose int8
 * outputs differ (which must be zero).
 */
public final class Int8SpeedBench {

    private static final int[] SAMPLE_SHAPE = {1, 28, 28};

    /**
     * What to run.
     *
     * @param models zoo model names
     * @param samples timed samples per side and round
     * @param warmup untimed samples per side before timing (JIT warm-up)
     * @param rounds how many times each side is timed, alternating; the fastest round is kept
     * @param seed weight, calibration and input seed
     */
    public record Settings(List<String> models, int samples, int warmup, int rounds, long seed) {
        /** Checks the values. */
        public Settings {
            if (samples < 1 || warmup < 0 || rounds < 1) {
                throw new IllegalArgumentException(
                        "int8 speed benchmark needs samples >= 1,"
                                + " warmup >= 0, rounds >= 1; got samples="
                                + samples
                                + " warmup="
                                + warmup
                                + " rounds="
                                + rounds);
            }
            for (String m : models) {
                Zoo.architecture(m);
            }
            models = List.copyOf(models);
        }
    }

    /**
     * One model's figures.
     *
     * @param model zoo name
     * @param macs multiply-accumulates per sample
     * @param samples timed samples per side
     * @param referenceSeconds best wall time of the reference over all samples
     * @param optimisedSeconds best wall time of the optimised kernels over all samples
     * @param mismatches samples whose int8 outputs differ between the two
     */
    public record Result(
            String model,
            long macs,
            int samples,
            double referenceSeconds,
            double optimisedSeconds,
            int mismatches) {
        /** Reference time ÷ optimised time (how many times faster the optimised kernels are). */
        public double speedup() {
            return referenceSeconds / optimisedSeconds;
        }
    }

    private Int8SpeedBench() {}

    /** Runs the benchmark, printing one progress line per model and side to {@code progress}. */
    public static List<Result> run(Settings s, PrintStream progress) {
        return s.models().stream().map(name -> runModel(name, s, progress)).toList();
    }

    private static Result runModel(String name, Settings s, PrintStream progress) {
        Graph g = Zoo.build(name, ModelConfig.of(SAMPLE_SHAPE, 10));
        g.init(s.seed());
        int size = Shapes.size(SAMPLE_SHAPE);
        float[] inputs = noise(Math.max(s.samples(), s.warmup()) * size, s.seed());
        int calibration = Math.min(s.samples(), 64);
        Tensor calib =
                new Tensor(
                        Shapes.batched(calibration, SAMPLE_SHAPE),
                        Arrays.copyOf(inputs, calibration * size));
        QuantizedModel optimised = Quantizer.quantize(g, List.of(calib), QuantOptions.DEFAULTS);
        QuantizedModel reference = optimised.withReferenceInterpreter();
        if (s.warmup() > 0) {
            reference.runInt8(inputs, s.warmup());
            optimised.runInt8(inputs, s.warmup());
        }
        double refBest = Double.MAX_VALUE;
        double optBest = Double.MAX_VALUE;
        byte[][] refOut = null;
        byte[][] optOut = null;
        for (int round = 1; round <= s.rounds(); round++) {
            progress.printf(
                    Locale.ROOT, "%-18s round %d/%d: reference ...%n", name, round, s.rounds());
            long t0 = System.nanoTime();
            refOut = reference.runInt8(inputs, s.samples());
            long t1 = System.nanoTime();
            progress.printf(
                    Locale.ROOT, "%-18s round %d/%d: optimised ...%n", name, round, s.rounds());
            optOut = optimised.runInt8(inputs, s.samples());
            long t2 = System.nanoTime();
            refBest = Math.min(refBest, (t1 - t0) / 1e9);
            optBest = Math.min(optBest, (t2 - t1) / 1e9);
        }
        int mismatches = 0;
        for (int i = 0; i < s.samples(); i++) {
            mismatches += Arrays.equals(refOut[i], optOut[i]) ? 0 : 1;
        }
        Result r = new Result(name, g.macs(), s.samples(), refBest, optBest, mismatches);
        progress.printf(
                Locale.ROOT,
                "%-18s reference %.2f s, optimised %.2f s, %.1f× faster,"
                        + " %d differing outputs%n",
                name,
                refBest,
                optBest,
                r.speedup(),
                mismatches);
        return r;
    }

    /** Seeded uniform noise in [-1, 1] (the scale of normalised images). */
    private static float[] noise(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    /**
     * The results as a Markdown section for BENCHMARKS.md: settings, machine, exact command, and
     * one table row per model.
     */
    public static String markdown(
            List<Result> results, Settings s, String machine, String command) {
        String settings =
                String.format(
                        Locale.ROOT,
                        "%d seeded random 1x28x28 samples per side"
                                + " through QuantizedModel.runInt8 (parallel, as accuracy()), %d warm-up samples,"
                                + " best of %d alternating round(s), seed %d",
                        s.samples(),
                        s.warmup(),
                        s.rounds(),
                        s.seed());
        StringBuilder sb =
                BenchMarkdown.header(
                        "int8 evaluation speed: optimised kernels vs the naive" + " reference",
                        machine,
                        settings,
                        command);
        sb.append(
                "| model | MACs/sample | reference samples/s | optimised samples/s | speed-up"
                        + " | differing outputs |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %.1f | %.1f | %.1f× | %d of %d |%n",
                            r.model(),
                            r.macs(),
                            r.samples() / r.referenceSeconds(),
                            r.samples() / r.optimisedSeconds(),
                            r.speedup(),
                            r.mismatches(),
                            r.samples()));
        }
        return sb.toString();
    }
}
