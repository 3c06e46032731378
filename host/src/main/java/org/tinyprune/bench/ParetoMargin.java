package org.tinyprune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.bench.ParetoGoals.Verdict;

/**
 * dnp's margin over the best baseline at one budget point: the best baseline is the other method
 * (not {@code dnp}, not the unpruned {@code none}) with the highest mean int8 accuracy there; the
 * margin is the mean over seeds of the paired per-seed difference dnp − baseline in percentage
 * points, and its standard error the standard deviation of those differences over √n.
 *
 * <p>The verdict is met when the margin is at least {@value #MIN_POINTS} point and more than
 * {@value #SE_FACTOR} standard errors. With one seed the standard error is unknown and the margin
 * alone decides ({@link #oneSeed()} says so).
 *
 * @param point the point's label
 * @param baseline the best baseline, or null when no baseline has figures there
 * @param seeds the seeds where dnp and the baseline both have figures
 * @param differences dnp − baseline int8 accuracy per seed in those seeds, percentage points
 * @param margin mean and standard error of the differences
 * @param verdict met, missed, or untested when dnp or every baseline lacks figures there
 */
public record ParetoMargin(
        String point,
        String baseline,
        List<Long> seeds,
        List<Double> differences,
        Estimate margin,
        Verdict verdict) {
    /** The least margin that counts as a win, in percentage points. */
    public static final double MIN_POINTS = 1.0;

    /** The margin must exceed this many standard errors of the paired difference. */
    public static final double SE_FACTOR = 2.0;

    /** The method whose margin is judged. */
    public static final String METHOD = "dnp";

    /**
     * The baselines dnp must beat (issue 14): {@code search} is raced separately ({@link
     * ParetoGoals}).
     */
    public static final List<String> BASELINES = List.of("uniform", "l1");

    /** Slack for figures exactly on the threshold, which the decimal accuracies make common. */
    private static final double SLACK = 1e-9;

    /** Copies the lists. */
    public ParetoMargin {
        seeds = List.copyOf(seeds);
        differences = List.copyOf(differences);
    }

    /** dnp's margin at {@code point} of {@code results}. */
    public static ParetoMargin of(ParetoResults results, String point) {
        ParetoCell dnp = results.cell(METHOD, point);
        ParetoCell best = null;
        for (String m : results.methods()) {
            ParetoCell c = results.cell(m, point);
            if (!BASELINES.contains(m) || c == null || !c.anyRan()) {
                continue;
            }
            if (best == null || c.int8Percent().mean() > best.int8Percent().mean()) {
                best = c;
            }
        }
        List<Long> seeds = new ArrayList<>();
        List<Double> diffs = new ArrayList<>();
        if (dnp != null && best != null) {
            for (ParetoRow d : dnp.ran()) {
                for (ParetoRow b : best.ran()) {
                    if (b.seed() == d.seed()) {
                        seeds.add(d.seed());
                        diffs.add(100 * (d.int8Accuracy() - b.int8Accuracy()));
                    }
                }
            }
        }
        Estimate e = Estimate.of(diffs.stream().mapToDouble(Double::doubleValue).toArray());
        return new ParetoMargin(
                point, best == null ? null : best.method(), seeds, diffs, e, verdict(e));
    }

    /**
     * The rule: at least one point and more than two standard errors (the margin alone for one
     * seed).
     */
    static Verdict verdict(Estimate e) {
        if (e.n() == 0) {
            return Verdict.UNTESTED;
        }
        boolean large = e.mean() >= MIN_POINTS - SLACK;
        boolean significant = !e.errorKnown() || e.mean() > SE_FACTOR * e.standardError();
        return large && significant ? Verdict.MET : Verdict.MISSED;
    }

    /**
     * True when one seed decided it: the standard error is unknown and the margin alone was judged.
     */
    public boolean oneSeed() {
        return margin.n() == 1;
    }

    /** The verdict in words, with the one-seed caveat when it applies. */
    public String verdictText() {
        String v = verdict.name().toLowerCase(Locale.ROOT);
        return oneSeed() ? v + " (one seed: SE unknown, judged on the margin alone)" : v;
    }

    /** One line: {@code 32KiB:8KiB: dnp − uniform +1.33 ± 0.17 points over 3 seeds (met)}. */
    public String describe() {
        if (margin.n() == 0) {
            return point
                    + ": "
                    + (baseline == null
                            ? "no baseline has figures"
                            : "dnp has no figures paired with " + baseline);
        }
        return String.format(
                Locale.ROOT,
                "%s: dnp − %s %+.2f ± %s points over %d seed%s, %s",
                point,
                baseline,
                margin.mean(),
                margin.errorText(2),
                margin.n(),
                margin.n() == 1 ? "" : "s",
                verdictText());
    }

    /** For {@code results.json}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", point);
        m.put("best_baseline", baseline == null ? "none with figures" : baseline);
        m.put("seeds", seeds);
        m.put("differences_points", differences);
        m.put("margin_points", margin.n() == 0 ? "untested" : margin.mean());
        m.put("margin_se", margin.errorKnown() ? margin.standardError() : "unknown");
        m.put("verdict", verdictText());
        return m;
    }
}
