package org.tinyprune.bench;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished run of a Pareto benchmark: a method at a budget point (or the unpruned base) with
 * one seed, with the figures of its {@code report.json}. A point the architecture cannot meet is a
 * row without figures.
 *
 * @param method a pruning method ({@code PruneConfig.METHODS}), or {@code none} (the base)
 * @param point the budget point's label, or {@code base}
 * @param seed the run's seed
 * @param int8Accuracy int8 test accuracy in [0, 1] (NaN: not run)
 * @param floatAccuracy float test accuracy in [0, 1]
 * @param sramBytes predicted peak SRAM bytes (exact resource model)
 * @param flashBytes predicted flash bytes
 * @param latencyCycles predicted latency cycles (instruction counts on emulated boards)
 * @param macs multiply-accumulates per inference
 * @param trainSeconds seconds of this run alone until its final model (search, training and
 *     pruning)
 * @param epochs epochs of this run
 * @param note empty, or why the run has no figures (the budget is infeasible)
 */
public record ParetoRow(
        String method,
        String point,
        long seed,
        double int8Accuracy,
        double floatAccuracy,
        long sramBytes,
        long flashBytes,
        long latencyCycles,
        long macs,
        double trainSeconds,
        int epochs,
        String note) {
    /** The label of the unpruned base's row. */
    public static final String BASE = "base";

    /** The row of a finished run, from its {@code report.json}. */
    public static ParetoRow of(String method, String point, long seed, JsonObject report) {
        JsonObject p = report.getAsJsonObject("predicted");
        JsonObject a = report.getAsJsonObject("accuracy");
        return new ParetoRow(
                method,
                point,
                seed,
                a.get("int8").getAsDouble(),
                a.get("float").getAsDouble(),
                p.get("sram_bytes").getAsLong(),
                p.get("flash_bytes").getAsLong(),
                p.get("latency_cycles").getAsLong(),
                p.get("macs").getAsLong(),
                (report.has("seconds_to_model")
                                ? report.get("seconds_to_model")
                                : report.get("train_seconds"))
                        .getAsDouble(),
                report.get("epochs").getAsInt(),
                "");
    }

    /** A row for a point the method could not meet. */
    public static ParetoRow infeasible(String method, String point, long seed, String why) {
        return new ParetoRow(method, point, seed, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, why);
    }

    /** True for the unpruned base's row. */
    public boolean isBase() {
        return point.equals(BASE);
    }

    /** True if the run produced figures. */
    public boolean ran() {
        return note.isEmpty();
    }

    /** The row as key/values for {@code results.json}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("point", point);
        m.put("seed", seed);
        if (!ran()) {
            m.put("infeasible", note);
            return m;
        }
        m.put("int8_accuracy", int8Accuracy);
        m.put("float_accuracy", floatAccuracy);
        m.put("sram_bytes", sramBytes);
        m.put("flash_bytes", flashBytes);
        m.put("latency_cycles", latencyCycles);
        m.put("macs", macs);
        m.put("train_seconds", trainSeconds);
        m.put("epochs", epochs);
        return m;
    }
}
