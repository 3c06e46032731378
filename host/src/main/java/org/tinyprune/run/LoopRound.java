package org.tinyprune.run;

import com.google.gson.JsonObject;
import java.util.Locale;
import org.tinyprune.calibrate.Recalibration;

/**
 * One round of prune-and-flash's calibration loop: what the pruner planned with, what it predicted,
 * what the board measured, and what became of the refit.
 *
 * @param round 1, 2, ...
 * @param dir the round's folder (the run directory for round 1, {@code round-N} after)
 * @param budget the user's latency budget, cycles (NaN without one)
 * @param margin the latency margin the pruner planned with, a fraction
 * @param planned the latency budget the pruner planned against (the budget / (1 + margin))
 * @param predicted the pruned model's predicted latency
 * @param measured its latency measured on the board
 * @param recalibration the refit after the round, or null without one ({@code --no-recalibrate})
 */
public record LoopRound(
        int round,
        String dir,
        double budget,
        double margin,
        double planned,
        double predicted,
        double measured,
        Recalibration recalibration) {
    /** (predicted − measured) / measured. */
    public double error() {
        return (predicted - measured) / measured;
    }

    /** Whether the measured latency meets the budget (true without one). */
    public boolean met() {
        return Double.isNaN(budget) || measured <= budget;
    }

    /** The round as a report entry. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("round", round);
        o.addProperty("dir", dir);
        o.addProperty("latency_budget_cycles", Double.isNaN(budget) ? null : (long) budget);
        o.addProperty("latency_margin", margin);
        o.addProperty(
                "planned_latency_cycles",
                Double.isInfinite(planned) ? null : (long) Math.floor(planned));
        o.addProperty("predicted_latency_cycles", (long) Math.round(predicted));
        o.addProperty("measured_latency_cycles", (long) Math.round(measured));
        o.addProperty("prediction_error", error());
        o.addProperty("met_budget", met());
        if (recalibration != null) {
            JsonObject r = new JsonObject();
            r.addProperty(
                    "outcome",
                    recalibration.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            r.addProperty("reason", recalibration.reason());
            if (recalibration.check() != null) {
                r.addProperty("heldout_error_in_use", recalibration.check().incumbentError());
                r.addProperty("heldout_error_refit", recalibration.check().candidateError());
                r.addProperty("heldout_models", recalibration.check().compared().size());
            }
            r.addProperty(
                    "refit_profile",
                    recalibration.written() == null ? null : recalibration.written().toString());
            r.addProperty("store", recalibration.store().toString());
            r.addProperty("store_networks", recalibration.storeNetworks());
            o.add("recalibration", r);
        }
        return o;
    }

    /**
     * One line, e.g. {@code round 1: margin 3.90 %, planned 2,694,901, predicted 2,690,000,
     * measured 3,810,000 (error -29.40 %): budget 2,800,000 missed; refit written: ...}.
     */
    public String summary(String unit) {
        String line =
                String.format(
                        Locale.ROOT,
                        "round %d: latency margin %.2f %%, planned %s, predicted %,.0f, "
                                + "measured %,.0f %s (prediction error %+.2f %%)",
                        round,
                        100 * margin,
                        Double.isInfinite(planned)
                                ? "without a latency budget"
                                : String.format(Locale.ROOT, "%,.0f", planned),
                        predicted,
                        measured,
                        unit,
                        100 * error());
        if (!Double.isNaN(budget)) {
            line +=
                    String.format(
                            Locale.ROOT, ": budget %,.0f %s", budget, met() ? "met" : "missed");
        }
        return line + (recalibration == null ? "" : "; " + recalibration.reason());
    }
}
