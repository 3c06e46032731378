package org.tinyprune.link.mlperf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLPerf Tiny runner's figures from the replies {@link RunnerDut} read.
 *
 * <p>Accuracy mode: every results vector longer than one value is divided by its sum; the vectors
 * of one input file are voted on (majority class) and averaged; Top-1 is the share of files whose
 * averaged vector's largest entry (the first of equal ones) is the file's class, in percent.
 * Performance mode: each window's throughput is its runs divided by the seconds between its laps;
 * the figure is the median over the windows, valid for submission with exactly {@value #WINDOWS}
 * windows lasting {@value #MIN_SECONDS} s or more (the runner's errors 1 and 2).
 */
public final class RunnerScoring {
    /** Windows the runner's performance mode requires. */
    public static final int WINDOWS = 5;

    /** Shortest performance run (host time) the runner accepts. */
    public static final double MIN_SECONDS = 10.0;

    private final Map<Integer, List<double[]>> files = new LinkedHashMap<>();
    private final Map<Integer, Integer> classes = new LinkedHashMap<>();

    /**
     * Adds one accuracy-mode inference of an input file.
     *
     * @param file the file's index
     * @param trueClass its label
     * @param results the {@code m-results-[...]} values
     */
    public void add(int file, int trueClass, List<Double> results) {
        double[] v = results.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length > 1) {
            double sum = Arrays.stream(v).sum();
            for (int i = 0; i < v.length; i++) {
                v[i] /= sum;
            }
        }
        files.computeIfAbsent(file, f -> new ArrayList<>()).add(v);
        classes.put(file, trueClass);
    }

    /**
     * Returns the files added so far.
     *
     * @return the number of distinct files
     */
    public int files() {
        return files.size();
    }

    /**
     * Returns the files whose averaged, normalised results vector puts its largest value on the
     * file's class.
     *
     * @return correctly classified files
     */
    public int correct() {
        int correct = 0;
        for (Map.Entry<Integer, List<double[]>> e : files.entrySet()) {
            List<double[]> vectors = e.getValue();
            double[] mean = new double[vectors.get(0).length];
            for (double[] v : vectors) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += v[i] / vectors.size();
                }
            }
            correct += argmax(mean) == classes.get(e.getKey()) ? 1 : 0;
        }
        return correct;
    }

    /**
     * Returns the runner's {@code Top 1%}.
     *
     * @return 100 × correct / files (0 without files)
     */
    public double top1Percent() {
        return files.isEmpty() ? 0 : 100.0 * correct() / files.size();
    }

    /**
     * Returns the index of the largest value, the first of equal ones (numpy's argmax).
     *
     * @param v values
     * @return its index
     */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Returns one window's throughput as the runner computes it.
     *
     * @param window an {@code infer N W%} reply
     * @return runs per second of board time, 0 when the laps do not advance
     */
    public static double throughput(RunnerDut.Inference window) {
        long us = window.elapsedMicros();
        return us > 0 ? window.iterations() / (us / 1e6) : 0;
    }

    /**
     * Returns the median of the windows' throughputs.
     *
     * @param windows performance-mode windows
     * @return the median in inferences per second
     */
    public static double medianThroughput(List<RunnerDut.Inference> windows) {
        double[] t = windows.stream().mapToDouble(RunnerScoring::throughput).sorted().toArray();
        if (t.length == 0) {
            return 0;
        }
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    /**
     * Returns why a performance run would not count for submission, as the runner reports it.
     *
     * @param windows the windows run
     * @param hostSeconds how long the run took on the host clock
     * @return the runner's error, or null when valid
     */
    public static String submissionError(List<RunnerDut.Inference> windows, double hostSeconds) {
        if (windows.size() != WINDOWS) {
            return "ERROR 1 - loop_count was not exactly " + WINDOWS;
        }
        if (hostSeconds < MIN_SECONDS) {
            return "ERROR 2 - loop exited before " + (int) MIN_SECONDS + " seconds elapsed";
        }
        return null;
    }
}
