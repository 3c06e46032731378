package org.tinyprune.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.report.LineChart;
import org.tinyprune.train.Checkpoint;

/** Predicted resources (and validation accuracy) over training, for the pruning report's plots. */
public final class ResourceTrace {
    private static final String[] NAMES = {
        "flash bytes", "peak SRAM bytes", "latency cycles", "MACs"
    };
    private static final String[] FILES = {"flash.png", "sram.png", "latency.png", "macs.png"};

    private final List<double[]> points = new ArrayList<>(); // epoch (fractional), four totals
    private final List<double[]> accuracy = new ArrayList<>(); // epoch, validation accuracy

    /** Records the resources of {@code e} at fractional epoch {@code epoch}. */
    public void record(double epoch, Usage e) {
        double[] t = e.totals();
        points.add(new double[] {epoch, t[0], t[1], t[2], t[3]});
    }

    /** Records validation accuracy at the end of an epoch. */
    public void accuracy(double epoch, double value) {
        if (!Double.isNaN(value)) {
            accuracy.add(new double[] {epoch, value});
        }
    }

    /** The recorded points: {epoch, flash, SRAM, latency, MACs}. */
    public List<double[]> points() {
        return points;
    }

    /** Records the trace so far in {@code c} (for a resumed run's plots). */
    public void save(Checkpoint c) {
        c.withValues("trace:points", flatten(points))
                .withValues("trace:accuracy", flatten(accuracy));
    }

    /** Replaces the trace with the one saved in {@code c}. */
    public void restore(Checkpoint c) {
        unflatten(c.values("trace:points"), 5, points);
        unflatten(c.values("trace:accuracy"), 2, accuracy);
    }

    private static double[] flatten(List<double[]> rows) {
        return rows.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static void unflatten(double[] flat, int width, List<double[]> into) {
        into.clear();
        for (int i = 0; i + width <= flat.length; i += width) {
            into.add(java.util.Arrays.copyOfRange(flat, i, i + width));
        }
    }

    /**
     * Draws one chart per resource against its budget, and validation accuracy, into {@code dir}.
     *
     * @param budgets in the order flash, SRAM, latency, MACs (infinite: none)
     * @param label method name for the legends
     */
    public void plot(Path dir, double[] budgets, String label) throws IOException {
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        for (int r = 0; r < 4; r++) {
            final int col = r + 1;
            double[] y = points.stream().mapToDouble(p -> p[col]).toArray();
            new LineChart(NAMES[r] + " over training (" + label + ")", "epoch", NAMES[r])
                    .series("predicted " + NAMES[r], x, y)
                    .reference("budget", budgets[r])
                    .write(dir.resolve(FILES[r]));
        }
        new LineChart("validation accuracy (" + label + ")", "epoch", "accuracy")
                .series(
                        "validation accuracy",
                        accuracy.stream().mapToDouble(p -> p[0]).toArray(),
                        accuracy.stream().mapToDouble(p -> p[1]).toArray())
                .write(dir.resolve("accuracy.png"));
    }
}
