package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.resource.LayerFeatures;

/**
 * Per-op latency coefficients fitted to measured layers: for each op, non-negative least squares of
 * the layer cycles on the resource model's features (MACs, output elements, input elements read, 1,
 * output pixels, tail MACs, odd-channel pixels), each layer weighted by 1/√cycles: between absolute
 * error (which lets the few largest layers decide) and relative error (which lets the many tiny
 * ones decide); on qemu-m4 this gave the smallest worst-case error on held-out whole models. The
 * work a whole run does outside the timed layers (negative when per-layer timing rounds up) is then
 * spread evenly over layers: each op's constant gains the measured mean gap per layer, so the sum
 * of predicted layers predicts the whole run, as {@link
 * org.tinyprune.resource.ResourceModel#evaluate} sums them.
 */
public final class LatencyFit {
    /**
     * Layers shorter than this many cycles count as this long in the weights (timer resolution).
     */
    static final double MIN_WEIGHT_CYCLES = 400;

    /**
     * The fit of one op.
     *
     * @param op the op's cost-model key
     * @param coefficients per feature, in {@link LayerFeatures} order (the constant includes the
     *     run gap)
     * @param samples layers it was fitted on
     * @param fitError root-mean-square relative error on those layers (see {@link #relative})
     */
    public record OpFit(String op, double[] coefficients, int samples, double fitError) {}

    private final Map<String, OpFit> ops;
    private final double gapPerLayer;

    private LatencyFit(Map<String, OpFit> ops, double gapPerLayer) {
        this.ops = ops;
        this.gapPerLayer = gapPerLayer;
    }

    /**
     * Fits on every layer of {@code nets}.
     *
     * @throws IllegalArgumentException when {@code nets} holds no measured layer
     */
    public static LatencyFit fit(List<NetMeasurement> nets) {
        double gap = 0;
        int layers = 0;
        Map<String, List<LayerSample>> byOp = new TreeMap<>();
        for (NetMeasurement n : nets) {
            gap += n.runCycles() - n.layerCycles();
            layers += n.layers().size();
            for (LayerSample s : n.layers()) {
                byOp.computeIfAbsent(s.op(), k -> new ArrayList<>()).add(s);
            }
        }
        if (layers == 0) {
            throw new IllegalArgumentException(
                    "no measured layers to fit; run the benchmark suite first");
        }
        double gapPerLayer = gap / layers;
        Map<String, OpFit> ops = new TreeMap<>();
        for (Map.Entry<String, List<LayerSample>> e : byOp.entrySet()) {
            List<LayerSample> rows = e.getValue();
            double[][] a = new double[rows.size()][];
            double[] y = new double[rows.size()];
            double[] w = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                a[i] = rows.get(i).features();
                y[i] = rows.get(i).cycles();
                w[i] = 1 / Math.sqrt(Math.max(MIN_WEIGHT_CYCLES, y[i]));
            }
            double[] c = Nnls.solve(a, y, w);
            c[LayerFeatures.CONSTANT] += gapPerLayer;
            ops.put(e.getKey(), new OpFit(e.getKey(), c, rows.size(), rmsRelative(rows, c)));
        }
        return new LatencyFit(ops, gapPerLayer);
    }

    /** The fitted ops. */
    public Map<String, OpFit> ops() {
        return java.util.Collections.unmodifiableMap(ops);
    }

    /** Mean cycles per layer of a whole run outside the timed layers (added to every constant). */
    public double gapPerLayer() {
        return gapPerLayer;
    }

    /** Predicted cycles of one layer (0 for an op the fit never saw). */
    public double predict(LayerSample s) {
        OpFit f = ops.get(s.op());
        return f == null ? 0 : s.predict(f.coefficients());
    }

    /** Predicted cycles of a whole run: the sum of its layers' predictions. */
    public double predictRun(NetMeasurement n) {
        return n.layers().stream().mapToDouble(this::predict).sum();
    }

    /** Whether every op of {@code n} was seen by the fit. */
    public boolean covers(NetMeasurement n) {
        return n.layers().stream().allMatch(s -> ops.containsKey(s.op()));
    }

    /** Root-mean-square relative error over every layer of {@code nets}. */
    public double layerError(List<NetMeasurement> nets) {
        double s = 0;
        int k = 0;
        for (NetMeasurement n : nets) {
            for (LayerSample l : n.layers()) {
                s += Math.pow(relative(predict(l), l.cycles()), 2);
                k++;
            }
        }
        return k == 0 ? 0 : Math.sqrt(s / k);
    }

    /**
     * Relative error of a layer prediction, with the measured cycles floored at {@link
     * #MIN_WEIGHT_CYCLES} (a layer of a few timer ticks is measured to ±1 tick).
     */
    static double relative(double predicted, double measured) {
        return (predicted - measured) / Math.max(MIN_WEIGHT_CYCLES, measured);
    }

    private static double rmsRelative(List<LayerSample> rows, double[] c) {
        double s = 0;
        for (LayerSample r : rows) {
            s += Math.pow(relative(r.predict(c), r.cycles()), 2);
        }
        return Math.sqrt(s / rows.size());
    }
}
