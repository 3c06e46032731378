package org.tinyprune.bench;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished run of a Pareto benchmark: a method at a budget point (or the unpruned base), with the
 * figures of its {@code report.json}. A point the architecture cannot meet is a row without figures.
 *
 * @param method        {@code dnp}, {@code uniform}, {@code l1} or {@code none} (the base)
 * @param point         the budget point's label, or {@code base}
 * @param int8Accuracy  int8 test accuracy in [0, 1] (NaN: not run)
 * @param floatAccuracy float test accuracy in [0, 1]
 * @param sramBytes     predicted peak SRAM bytes (exact resource model)
 * @param flashBytes    predicted flash bytes
 * @param latencyCycles predicted latency cycles (instruction counts on emulated boards)
 * @param macs          multiply-accumulates per inference
 * @param trainSeconds  seconds of training (and pruning)
 * @param note          empty, or why the run has no figures (the budget is infeasible)
 */
public record ParetoRow(String method, String point, double int8Accuracy, double floatAccuracy, long sramBytes,
                        long flashBytes, long latencyCycles, long macs, double trainSeconds, String note) {
    /** The label of the unpruned base's row. */
    public static final String BASE = "base";

    /** The row of a finished run, from its {@code report.json}. */
    public static ParetoRow of(String method, String point, JsonObject report) {
        JsonObject p = report.getAsJsonObject("predicted");
        JsonObject a = report.getAsJsonObject("accuracy");
        return new ParetoRow(method, point, a.get("int8").getAsDouble(), a.get("float").getAsDouble(),
                p.get("sram_bytes").getAsLong(), p.get("flash_bytes").getAsLong(), p.get("latency_cycles").getAsLong(),
                p.get("macs").getAsLong(), report.get("train_seconds").getAsDouble(), "");
    }

    /** A row for a point the method could not meet. */
    public static ParetoRow infeasible(String method, String point, String why) {
        return new ParetoRow(method, point, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, why);
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
        return m;
    }
}
