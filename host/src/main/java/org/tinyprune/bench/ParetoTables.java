package org.tinyprune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown tables of a Pareto benchmark: the figures per point and method (mean ± standard
 * error of int8 accuracy over the seeds, each seed's value, means of the rest), dnp's paired margin
 * over the best baseline per point with its verdict, and the training time per method.
 */
final class ParetoTables {
    private ParetoTables() {}

    /** The three tables, each under a bold title. */
    static String markdown(ParetoResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append(figures(r)).append('\n');
        if (!r.margins().isEmpty()) {
            sb.append(margins(r)).append('\n');
        }
        sb.append(time(r));
        return sb.toString();
    }

    /** The figures per point and method, the base first. */
    static String figures(ParetoResults r) {
        StringBuilder sb =
                new StringBuilder(
                        "**Figures per point and method** (mean over "
                                + seedsText(r)
                                + "; SE: standard error of the mean)\n\n");
        sb.append(
                "| point (flash:SRAM) | method | seeds | int8 acc. | ± SE | int8 per seed | float acc. "
                        + "| peak SRAM (B) | flash (B) | latency (instr.) | MACs | train s |\n");
        sb.append("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (ParetoCell c : r.cells()) {
            sb.append("| ")
                    .append(c.point())
                    .append(" | ")
                    .append(c.method())
                    .append(" | ")
                    .append(c.runs().size());
            if (!c.anyRan()) {
                sb.append(" | infeasible: ")
                        .append(c.note().replace('\n', ' ').replace("|", "/"))
                        .append(" | | | | | | | | |\n");
                continue;
            }
            Estimate int8 = c.int8Percent();
            List<String> perSeed = new ArrayList<>();
            for (ParetoRow x : c.runs()) {
                perSeed.add(
                        x.ran()
                                ? String.format(Locale.ROOT, "%.2f", 100 * x.int8Accuracy())
                                : "infeasible");
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            " | %.2f %% | %s | %s | %.2f %% | %,.0f | %,.0f | %,.0f | %,.0f | %.0f |%n",
                            int8.mean(),
                            int8.errorText(2),
                            String.join(", ", perSeed),
                            c.floatPercent(),
                            c.sramBytes(),
                            c.flashBytes(),
                            c.latencyCycles(),
                            c.macs(),
                            c.trainSeconds()));
        }
        return sb.toString();
    }

    /** dnp − best baseline per point: the paired margin, its standard error and the verdict. */
    static String margins(ParetoResults r) {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "**dnp − best baseline** (the other method "
                                        + "with the best mean int8 accuracy at the point; margin: mean over seeds of the paired per-seed "
                                        + "difference, percentage points; met when the margin is >= %.1f point and > %.0f SE)%n%n",
                                ParetoMargin.MIN_POINTS,
                                ParetoMargin.SE_FACTOR));
        sb.append("| point | best baseline | dnp − baseline | ± SE | seeds | verdict |\n");
        sb.append("|---|---|---:|---:|---:|---|\n");
        for (ParetoMargin m : r.margins()) {
            sb.append("| ")
                    .append(m.point())
                    .append(" | ")
                    .append(m.baseline() == null ? "–" : m.baseline());
            if (m.margin().n() == 0) {
                sb.append(" | – | – | 0 | untested: dnp and a baseline did not both run |\n");
                continue;
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            " | %+.2f | %s | %d | %s |%n",
                            m.margin().mean(),
                            m.margin().errorText(2),
                            m.margin().n(),
                            m.verdictText()));
        }
        return sb.toString();
    }

    /**
     * Training time per method: mean seconds of its runs and the ratio to the base's mean; when the
     * methods started from the base, also what a run costs with the base's training added.
     */
    static String time(ParetoResults r) {
        ParetoCell base = r.base();
        double baseSeconds = base == null || !base.anyRan() ? Double.NaN : base.trainSeconds();
        StringBuilder sb =
                new StringBuilder(
                        "**Training time per method** (mean seconds per run over points and "
                                + "seeds; × base: over the unpruned base's mean"
                                + (r.fromBase()
                                        ? "; every method started from its seed's trained base, so a run costs the base's time plus its own)"
                                        : ")")
                                + "\n\n");
        sb.append(
                r.fromBase()
                        ? "| method | runs | own s | × base | with base s | × base |\n|---|---:|---:|---:|---:|---:|\n"
                        : "| method | runs | train s | × base |\n|---|---:|---:|---:|\n");
        if (base != null && base.anyRan()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| none (base) | %d | %.0f | 1.00 |%s%n",
                            base.ran().size(),
                            baseSeconds,
                            r.fromBase() ? " | |" : ""));
        }
        for (Map.Entry<String, double[]> e : perMethod(r).entrySet()) {
            double[] v = e.getValue();
            double own = v[1] / v[0];
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.0f | %.0f | %s |",
                            e.getKey(),
                            v[0],
                            own,
                            ratio(own, baseSeconds)));
            if (r.fromBase()) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                " %.0f | %s |",
                                own + baseSeconds,
                                ratio(own + baseSeconds, baseSeconds)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Per method with runs: {count, total seconds} over every point and seed. */
    private static Map<String, double[]> perMethod(ParetoResults r) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String method : r.methods()) {
            for (String p : r.points()) {
                ParetoCell c = r.cell(method, p);
                if (c == null) {
                    continue;
                }
                for (ParetoRow x : c.ran()) {
                    double[] v = m.computeIfAbsent(method, k -> new double[2]);
                    v[0]++;
                    v[1] += x.trainSeconds();
                }
            }
        }
        return m;
    }

    private static String ratio(double seconds, double baseSeconds) {
        return Double.isNaN(baseSeconds)
                ? "–"
                : String.format(Locale.ROOT, "%.2f", seconds / baseSeconds);
    }

    private static String seedsText(ParetoResults r) {
        return r.seeds().size() == 1
                ? "one seed, " + r.seeds().get(0) + ": SE unknown"
                : r.seeds().size() + " seeds, " + r.seeds().stream().map(String::valueOf).toList();
    }
}
