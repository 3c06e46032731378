package org.tinyprune.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One method at one budget point (or the base) over the seeds: the mean and standard error of int8
 * accuracy, the means of the other figures, over the seeds whose run met the budgets.
 *
 * @param point the point's label, or {@link ParetoRow#BASE}
 * @param method the method
 * @param runs one row per seed, in seed order (infeasible ones included)
 */
public record ParetoCell(String point, String method, List<ParetoRow> runs) {
    /** Copies the list. */
    public ParetoCell {
        runs = List.copyOf(runs);
    }

    /** The runs that produced figures. */
    public List<ParetoRow> ran() {
        return runs.stream().filter(ParetoRow::ran).toList();
    }

    /** True when at least one seed produced figures. */
    public boolean anyRan() {
        return runs.stream().anyMatch(ParetoRow::ran);
    }

    /** Why the runs have no figures (the first infeasible run's note), or empty. */
    public String note() {
        return runs.stream().filter(r -> !r.ran()).map(ParetoRow::note).findFirst().orElse("");
    }

    /** Int8 test accuracy in percent: mean and standard error over the seeds. */
    public Estimate int8Percent() {
        return Estimate.of(ran().stream().mapToDouble(r -> 100 * r.int8Accuracy()).toArray());
    }

    /** Mean float test accuracy in percent. */
    public double floatPercent() {
        return mean(r -> 100 * r.floatAccuracy());
    }

    /** Mean predicted peak SRAM bytes. */
    public double sramBytes() {
        return mean(r -> r.sramBytes());
    }

    /** Mean predicted flash bytes. */
    public double flashBytes() {
        return mean(r -> r.flashBytes());
    }

    /** Mean predicted latency (instruction counts on emulated boards). */
    public double latencyCycles() {
        return mean(r -> r.latencyCycles());
    }

    /** Mean MACs per inference. */
    public double macs() {
        return mean(r -> r.macs());
    }

    /** Mean training seconds of the run alone. */
    public double trainSeconds() {
        return mean(ParetoRow::trainSeconds);
    }

    /** Mean training seconds per epoch of the run alone. */
    public double secondsPerEpoch() {
        return mean(r -> r.trainSeconds() / r.epochs());
    }

    /** The largest peak SRAM over the seeds (every seed's model fits in it). */
    public long sramMax() {
        return ran().stream().mapToLong(ParetoRow::sramBytes).max().orElse(0);
    }

    /** The largest flash over the seeds. */
    public long flashMax() {
        return ran().stream().mapToLong(ParetoRow::flashBytes).max().orElse(0);
    }

    /** The mean of {@code f} over the runs with figures (NaN when none has). */
    public double mean(ToDoubleFunction<ParetoRow> f) {
        return ran().stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** The cell as key/values for {@code results.json}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", point);
        m.put("method", method);
        m.put("seeds", runs.stream().map(ParetoRow::seed).toList());
        if (!anyRan()) {
            m.put("infeasible", note());
            return m;
        }
        Estimate int8 = int8Percent();
        m.put("seeds_with_figures", int8.n());
        m.put("int8_accuracy_percent_mean", int8.mean());
        m.put(
                "int8_accuracy_percent_se",
                int8.errorKnown() ? int8.standardError() : "unknown (one seed)");
        m.put("float_accuracy_percent_mean", floatPercent());
        m.put("sram_bytes_mean", sramBytes());
        m.put("flash_bytes_mean", flashBytes());
        m.put("latency_cycles_mean", latencyCycles());
        m.put("macs_mean", macs());
        m.put("train_seconds_mean", trainSeconds());
        return m;
    }
}
