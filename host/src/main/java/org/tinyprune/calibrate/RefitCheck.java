package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.OpCoefficients;

/**
 * Whether a refit of the cost model on a board's measurement store, with new measurements added,
 * keeps held-out latency error from getting worse. Both sides are judged on the same models, the
 * zoo models of the grown store, each predicted by a model that had not seen it:
 *
 * <ul>
 *   <li>the refit: {@code calibrate}'s held-out check, a fit on the whole store without the model's
 *       architecture ({@link Calibration#heldOut()});
 *   <li>the profile in use: for a model measured just now, its own prediction (it never saw it);
 *       for a model already in the store, the same held-out check on the store before the addition
 *       (what the profile in use was fit on).
 * </ul>
 *
 * The refit is accepted when its root-mean-square relative error is no larger (within {@link
 * #TOLERANCE}, rounding of the least-squares solves).
 *
 * @param candidate the calibration of the grown store (the refit)
 * @param compared the models both were judged on
 * @param incumbentError RMS relative latency error of the profile in use over {@code compared}
 * @param candidateError RMS relative latency error of the refit over {@code compared}
 */
public record RefitCheck(
        Calibration candidate,
        List<Compared> compared,
        double incumbentError,
        double candidateError) {
    /** Relative error below which two held-out errors count as equal (least-squares rounding). */
    public static final double TOLERANCE = 1e-9;

    /**
     * One model both were judged on.
     *
     * @param net suite name
     * @param measured its whole-run cycles on the board
     * @param incumbent what the profile in use predicted (before seeing it)
     * @param refit what the refit predicted without its architecture
     * @param added whether it was measured just now
     */
    public record Compared(
            String net, double measured, double incumbent, double refit, boolean added) {}

    /** Copies the list. */
    public RefitCheck {
        compared = List.copyOf(compared);
    }

    /**
     * Fits the grown store and compares.
     *
     * @param incumbent the cost model in use
     * @param before the store's networks before the addition (a network named again in {@code
     *     added} is replaced by the new measurement)
     * @param added the networks measured just now
     * @param probes the store's kernel probes
     * @throws IllegalArgumentException when either side cannot be fitted (no measured layers, no
     *     probes, an op only a held-out model uses)
     */
    public static RefitCheck of(
            CostModel incumbent,
            List<NetMeasurement> before,
            List<NetMeasurement> added,
            List<KernelProbe> probes) {
        Set<String> addedNames = new HashSet<>();
        added.forEach(n -> addedNames.add(n.net()));
        List<NetMeasurement> old =
                before.stream().filter(n -> !addedNames.contains(n.net())).toList();
        List<NetMeasurement> all = new ArrayList<>(old);
        all.addAll(added);
        Calibration candidate = Calibration.of(all, probes);
        Map<String, Double> oldHeldOut = new HashMap<>();
        if (old.stream().anyMatch(NetMeasurement::zoo)) {
            Calibration.of(old, probes)
                    .heldOut()
                    .forEach(h -> oldHeldOut.put(h.net(), h.predictedCycles()));
        }
        Map<String, NetMeasurement> byName = new HashMap<>();
        all.forEach(n -> byName.put(n.net(), n));
        List<Compared> compared = new ArrayList<>();
        double inc = 0;
        double cand = 0;
        for (HeldOut h : candidate.heldOut()) {
            boolean isNew = addedNames.contains(h.net());
            double before0 =
                    isNew ? predict(incumbent, byName.get(h.net())) : oldHeldOut.get(h.net());
            compared.add(
                    new Compared(h.net(), h.measuredCycles(), before0, h.predictedCycles(), isNew));
            inc += Math.pow(before0 / h.measuredCycles() - 1, 2);
            cand += Math.pow(h.latencyError(), 2);
        }
        int k = Math.max(1, compared.size());
        return new RefitCheck(candidate, compared, Math.sqrt(inc / k), Math.sqrt(cand / k));
    }

    /** Whether the refit does not make held-out error worse. */
    public boolean accepted() {
        return candidateError <= incumbentError + TOLERANCE;
    }

    /**
     * A cost model's prediction of a measured network's whole run: the sum over its layers of the
     * layer's features times its op's coefficients (0 for an op the model does not price), as the
     * resource model sums them.
     */
    public static double predict(CostModel model, NetMeasurement n) {
        double s = 0;
        for (LayerSample l : n.layers()) {
            OpCost c = model.getOpsMap().get(l.op());
            if (c != null) {
                s += l.predict(coefficients(OpCoefficients.of(c)));
            }
        }
        return s;
    }

    /** Measured over predicted, less one: how much slower the board ran than {@code model} said. */
    public static double underPrediction(CostModel model, NetMeasurement n) {
        double p = predict(model, n);
        return p <= 0 ? Double.POSITIVE_INFINITY : n.runCycles() / p - 1;
    }

    private static double[] coefficients(OpCoefficients c) {
        double[] k = new double[LayerFeatures.COUNT];
        k[LayerFeatures.MACS] = c.perMac();
        k[LayerFeatures.OUTPUT] = c.perOutput();
        k[LayerFeatures.INPUT] = c.perInput();
        k[LayerFeatures.CONSTANT] = c.constant();
        k[LayerFeatures.PIXELS] = c.perOutputPixel();
        k[LayerFeatures.TAIL_MACS] = c.perTailMac();
        k[LayerFeatures.ODD_CHANNEL_PIXELS] = c.perOddChannelPixel();
        return k;
    }
}
