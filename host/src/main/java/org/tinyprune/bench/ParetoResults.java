package org.tinyprune.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.tinyprune.report.LineChart;

/**
 * The figures of a Pareto benchmark: the unpruned base and one row per method and budget point, in
 * the order the points and methods were given; rendered as a Markdown table and as three plots of
 * int8 accuracy against peak SRAM, flash and latency, one series per method.
 *
 * @param base    the unpruned base trained the same way
 * @param rows    every method at every point
 * @param points  the point labels in order
 * @param methods the methods in order
 */
public record ParetoResults(ParetoRow base, List<ParetoRow> rows, List<String> points, List<String> methods) {
    /** The plot files {@link #plot} writes, in the order peak SRAM, flash, latency. */
    public static final List<String> PLOTS = List.of("pareto-sram.png", "pareto-flash.png", "pareto-latency.png");

    /** Copies the lists. */
    public ParetoResults {
        rows = List.copyOf(rows);
        points = List.copyOf(points);
        methods = List.copyOf(methods);
    }

    /** The row of {@code method} at {@code point}, or null when it has not run. */
    public ParetoRow row(String method, String point) {
        return rows.stream().filter(r -> r.method().equals(method) && r.point().equals(point)).findFirst()
                .orElse(null);
    }

    /** The table: base first, then per point each method, with time relative to the base's training. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| point (flash:SRAM) | method | int8 acc. | float acc. | peak SRAM (B) | flash (B) "
                + "| latency (instr.) | MACs | train s | × base time |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<ParetoRow> all = new ArrayList<>();
        if (base != null) {
            all.add(base);
        }
        for (String p : points) {
            for (String m : methods) {
                ParetoRow r = row(m, p);
                if (r != null) {
                    all.add(r);
                }
            }
        }
        for (ParetoRow r : all) {
            sb.append("| ").append(r.point()).append(" | ").append(r.method() == null ? "" : r.method());
            if (!r.ran()) {
                sb.append(" | infeasible: ").append(r.note().replace('\n', ' ').replace("|", "/"))
                        .append(" | | | | | | | |\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, " | %.2f %% | %.2f %% | %,d | %,d | %,d | %,d | %.0f | %s |%n",
                    100 * r.int8Accuracy(), 100 * r.floatAccuracy(), r.sramBytes(), r.flashBytes(),
                    r.latencyCycles(), r.macs(), r.trainSeconds(), base == null ? "–"
                            : String.format(Locale.ROOT, "%.2f", r.trainSeconds() / base.trainSeconds())));
        }
        return sb.toString();
    }

    /** Writes the three plots into {@code dir}; the base is a dashed reference line. */
    public void plot(Path dir) throws IOException {
        plot(dir.resolve(PLOTS.get(0)), "peak SRAM bytes", r -> r.sramBytes());
        plot(dir.resolve(PLOTS.get(1)), "flash bytes", r -> r.flashBytes());
        plot(dir.resolve(PLOTS.get(2)), "latency (instruction count)", r -> r.latencyCycles());
    }

    private void plot(Path file, String resource, ToDoubleFunction<ParetoRow> x) throws IOException {
        LineChart chart = new LineChart("int8 test accuracy vs " + resource, resource, "int8 test accuracy (%)")
                .yFromData();
        for (String m : methods) {
            List<ParetoRow> mine = rows.stream().filter(r -> r.method().equals(m) && r.ran())
                    .sorted(Comparator.comparingDouble(x)).toList();
            if (!mine.isEmpty()) {
                chart.series(m, mine.stream().mapToDouble(x).toArray(),
                        mine.stream().mapToDouble(r -> 100 * r.int8Accuracy()).toArray());
            }
        }
        if (base != null && base.ran()) {
            chart.reference("unpruned base", 100 * base.int8Accuracy());
        }
        chart.write(file);
    }
}
