package org.tinyprune.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.tinyprune.report.LineChart;

/**
 * The figures of a Pareto benchmark: every run (the unpruned base and each method at each budget
 * point, once per seed), summarised per point and method over the seeds ({@link ParetoCell}), with
 * dnp's paired margin over the best baseline per point ({@link ParetoMargin}); rendered as Markdown
 * tables ({@link ParetoTables}) and as three plots of mean int8 accuracy (± one standard error)
 * against peak SRAM, flash and latency, one series per method.
 *
 * @param rows every run, the bases ({@link ParetoRow#BASE}) included
 * @param points the point labels in order
 * @param methods the methods in order
 * @param seeds the seeds in order
 * @param fromBase true when every method started from its seed's trained base, so a method's cost
 *     is the base's training plus its own
 */
public record ParetoResults(
        List<ParetoRow> rows,
        List<String> points,
        List<String> methods,
        List<Long> seeds,
        boolean fromBase) {
    /** The plot files {@link #plot} writes, in the order peak SRAM, flash, latency. */
    public static final List<String> PLOTS =
            List.of("pareto-sram.png", "pareto-flash.png", "pareto-latency.png");

    /** Copies the lists. */
    public ParetoResults {
        rows = List.copyOf(rows);
        points = List.copyOf(points);
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
    }

    /**
     * The row of {@code method} at {@code point} with {@code seed}, or null when it has not run.
     */
    public ParetoRow row(String method, String point, long seed) {
        return rows.stream()
                .filter(
                        r ->
                                r.method().equals(method)
                                        && r.point().equals(point)
                                        && r.seed() == seed)
                .findFirst()
                .orElse(null);
    }

    /** The seed's unpruned base, or null. */
    public ParetoRow base(long seed) {
        return row("none", ParetoRow.BASE, seed);
    }

    /** {@code method} at {@code point} over the seeds, or null when no seed has a row there. */
    public ParetoCell cell(String method, String point) {
        List<ParetoRow> mine = new ArrayList<>();
        for (long s : seeds) {
            ParetoRow r = row(method, point, s);
            if (r != null) {
                mine.add(r);
            }
        }
        return mine.isEmpty() ? null : new ParetoCell(point, method, mine);
    }

    /** The unpruned base over the seeds, or null. */
    public ParetoCell base() {
        return cell("none", ParetoRow.BASE);
    }

    /** Every cell with rows: the base first, then per point each method. */
    public List<ParetoCell> cells() {
        List<ParetoCell> all = new ArrayList<>();
        if (base() != null) {
            all.add(base());
        }
        for (String p : points) {
            for (String m : methods) {
                ParetoCell c = cell(m, p);
                if (c != null) {
                    all.add(c);
                }
            }
        }
        return all;
    }

    /** dnp's margin over the best baseline at each point, in point order (empty without dnp). */
    public List<ParetoMargin> margins() {
        return methods.contains(ParetoMargin.METHOD)
                ? points.stream().map(p -> ParetoMargin.of(this, p)).toList()
                : List.of();
    }

    /**
     * Every run as key/values for {@code results.json}: its own training seconds, and for a method
     * run that started from its seed's base the base's seconds separately and their sum.
     */
    public List<Map<String, Object>> runsAsMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParetoRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>(r.asMap());
            ParetoRow b = base(r.seed());
            if (fromBase && r.ran() && !r.isBase() && b != null && b.ran()) {
                m.put("base_train_seconds", b.trainSeconds());
                m.put("total_seconds_with_base", b.trainSeconds() + r.trainSeconds());
            }
            out.add(m);
        }
        return out;
    }

    /** The tables: per point and method, dnp's margins, time per method. */
    public String markdown() {
        return ParetoTables.markdown(this);
    }

    /** Writes the three plots into {@code dir}; the base's mean is a dashed reference line. */
    public void plot(Path dir) throws IOException {
        plot(dir.resolve(PLOTS.get(0)), "peak SRAM bytes", ParetoCell::sramBytes);
        plot(dir.resolve(PLOTS.get(1)), "flash bytes", ParetoCell::flashBytes);
        plot(dir.resolve(PLOTS.get(2)), "latency (instruction count)", ParetoCell::latencyCycles);
    }

    private void plot(Path file, String resource, ToDoubleFunction<ParetoCell> x)
            throws IOException {
        String over = seeds.size() == 1 ? "one seed" : "mean ± SE over " + seeds.size() + " seeds";
        LineChart chart =
                new LineChart(
                                "int8 test accuracy vs " + resource + " (" + over + ")",
                                resource,
                                "int8 test accuracy (%)")
                        .yFromData();
        for (String m : methods) {
            List<ParetoCell> mine =
                    points.stream()
                            .map(p -> cell(m, p))
                            .filter(c -> c != null && c.anyRan())
                            .sorted(Comparator.comparingDouble(x))
                            .toList();
            if (!mine.isEmpty()) {
                chart.series(
                        m,
                        mine.stream().mapToDouble(x).toArray(),
                        mine.stream().mapToDouble(c -> c.int8Percent().mean()).toArray(),
                        mine.stream()
                                .mapToDouble(
                                        c ->
                                                c.int8Percent().errorKnown()
                                                        ? c.int8Percent().standardError()
                                                        : 0)
                                .toArray());
            }
        }
        ParetoCell base = base();
        if (base != null && base.anyRan()) {
            chart.reference("unpruned base", base.int8Percent().mean());
        }
        chart.write(file);
    }
}
