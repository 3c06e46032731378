package org.tinyprune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The goals of issues 5 and 14, judged on a benchmark's figures (means over the seeds): {@code dnp}
 * beats the best baseline at every point by at least one point and more than two standard errors of
 * the paired difference ({@link ParetoMargin}); a ≥ 20× reduction of peak SRAM or flash from the
 * base costs under one point of int8 accuracy; a model within 8 KiB peak SRAM and 32 KiB flash
 * (with every seed) reaches ≥ 90 % int8 accuracy; a dnp pruning epoch takes at most 1.1× a base
 * training epoch.
 */
public final class ParetoGoals {
    /** One goal's verdict. */
    public enum Verdict {
        /** The figures meet the goal. */
        MET,
        /** The figures miss it. */
        MISSED,
        /** No run of this benchmark can decide it (the detail says why). */
        UNTESTED
    }

    /**
     * A judged goal.
     *
     * @param goal the goal in words
     * @param verdict met, missed or untested
     * @param detail the figures behind the verdict
     */
    public record Goal(String goal, Verdict verdict, String detail) {
        /** For {@code results.json}. */
        public Map<String, Object> asMap() {
            return Map.of(
                    "goal",
                    goal,
                    "verdict",
                    verdict.name().toLowerCase(Locale.ROOT),
                    "detail",
                    detail);
        }
    }

    private static final double REDUCTION = 20;
    private static final long SMALL_SRAM = 8 * 1024;
    private static final long SMALL_FLASH = 32 * 1024;
    private static final double SMALL_ACCURACY = 0.90;
    private static final double TIME_RATIO = 1.1;

    private ParetoGoals() {}

    /** Judges the five goals. */
    public static List<Goal> judge(ParetoResults r) {
        return List.of(
                dnpBeatsBaselines(r),
                reductionCost(r),
                smallModel(r),
                pruneTime(r),
                dnpBeatsSearch(r));
    }

    /**
     * The race with the search baseline: at every point where both ran, dnp's mean int8 accuracy is
     * at least search's and its mean time to the final model at most a third of search's.
     */
    static Goal dnpBeatsSearch(ParetoResults r) {
        String goal =
                "dnp at least as accurate as search (mean int8) in at most a third of its time to the final model";
        List<String> parts = new ArrayList<>();
        boolean all = true;
        for (String point : r.points()) {
            ParetoCell d = r.cell(ParetoMargin.METHOD, point);
            ParetoCell s = r.cell("search", point);
            if (d == null || s == null || !d.anyRan() || !s.anyRan()) {
                continue;
            }
            double da = d.int8Percent().mean();
            double sa = s.int8Percent().mean();
            double ratio = d.trainSeconds() / s.trainSeconds();
            all &= da >= sa && ratio <= 1.0 / 3;
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%s: dnp %.2f %% vs search %.2f %%, time %.0f s vs %.0f s (%.2fx)",
                            point,
                            da,
                            sa,
                            d.trainSeconds(),
                            s.trainSeconds(),
                            ratio));
        }
        if (parts.isEmpty()) {
            return new Goal(goal, Verdict.UNTESTED, "dnp and search did not both run at any point");
        }
        return new Goal(goal, all ? Verdict.MET : Verdict.MISSED, String.join("; ", parts));
    }

    static Goal dnpBeatsBaselines(ParetoResults r) {
        String goal =
                String.format(
                        Locale.ROOT,
                        "dnp beats the best baseline at every budget point by >= %.1f point "
                                + "of int8 accuracy and by more than %.0f standard errors of the paired difference over the seeds",
                        ParetoMargin.MIN_POINTS,
                        ParetoMargin.SE_FACTOR);
        List<ParetoMargin> margins =
                r.margins().stream().filter(m -> m.verdict() != Verdict.UNTESTED).toList();
        if (margins.isEmpty()) {
            return new Goal(
                    goal, Verdict.UNTESTED, "dnp and a baseline did not both run at any point");
        }
        long met = margins.stream().filter(m -> m.verdict() == Verdict.MET).count();
        String caveat =
                margins.stream().anyMatch(ParetoMargin::oneSeed)
                        ? " [one seed: the standard error is unknown, so the margin alone was judged]"
                        : "";
        return new Goal(
                goal,
                met == margins.size() ? Verdict.MET : Verdict.MISSED,
                "met at "
                        + met
                        + " of "
                        + margins.size()
                        + " points: "
                        + String.join("; ", margins.stream().map(ParetoMargin::describe).toList())
                        + caveat);
    }

    static Goal reductionCost(ParetoResults r) {
        String goal =
                "a >= 20x reduction of peak SRAM or flash from the base costs < 1 point of int8 accuracy";
        ParetoCell b = r.base();
        if (b == null || !b.anyRan()) {
            return new Goal(goal, Verdict.UNTESTED, "the base did not run");
        }
        double bestSram = 0;
        double bestFlash = 0;
        ParetoCell best = null;
        for (ParetoCell x : r.cells()) {
            if (x.point().equals(ParetoRow.BASE) || !x.anyRan()) {
                continue;
            }
            double s = b.sramBytes() / x.sramMax();
            double f = b.flashBytes() / x.flashMax();
            bestSram = Math.max(bestSram, s);
            bestFlash = Math.max(bestFlash, f);
            if ((s >= REDUCTION || f >= REDUCTION)
                    && (best == null || x.int8Percent().mean() > best.int8Percent().mean())) {
                best = x;
            }
        }
        if (best == null) {
            return new Goal(
                    goal,
                    Verdict.UNTESTED,
                    String.format(
                            Locale.ROOT,
                            "no run reached 20x: the largest reductions were %.1fx peak SRAM and %.1fx flash",
                            bestSram,
                            bestFlash));
        }
        double cost = b.int8Percent().mean() - best.int8Percent().mean();
        return new Goal(
                goal,
                cost < 1 ? Verdict.MET : Verdict.MISSED,
                String.format(
                        Locale.ROOT,
                        "best such run %s at %s: %.1fx SRAM, %.1fx flash (its largest over the seeds), int8 %.2f vs base %.2f "
                                + "(cost %.2f points, means over the seeds)",
                        best.method(),
                        best.point(),
                        b.sramBytes() / best.sramMax(),
                        b.flashBytes() / best.flashMax(),
                        best.int8Percent().mean(),
                        b.int8Percent().mean(),
                        cost));
    }

    static Goal smallModel(ParetoResults r) {
        String goal =
                "a model within 8 KiB peak SRAM and 32 KiB flash reaches >= 90% int8 test accuracy";
        ParetoCell best = null;
        for (ParetoCell x : r.cells()) {
            if (x.anyRan()
                    && x.sramMax() <= SMALL_SRAM
                    && x.flashMax() <= SMALL_FLASH
                    && (best == null || x.int8Percent().mean() > best.int8Percent().mean())) {
                best = x;
            }
        }
        if (best == null) {
            return new Goal(
                    goal,
                    Verdict.UNTESTED,
                    "no run fits 8 KiB SRAM and 32 KiB flash with every seed");
        }
        return new Goal(
                goal,
                best.int8Percent().mean() >= 100 * SMALL_ACCURACY ? Verdict.MET : Verdict.MISSED,
                String.format(
                        Locale.ROOT,
                        "best: %s at %s, %,d B SRAM, %,d B flash (largest over the seeds), int8 "
                                + "%.2f%% (mean)",
                        best.method(),
                        best.point(),
                        best.sramMax(),
                        best.flashMax(),
                        best.int8Percent().mean()));
    }

    static Goal pruneTime(ParetoResults r) {
        String goal = "a dnp pruning epoch takes <= 1.1x a training epoch of the base (same data)";
        ParetoCell b = r.base();
        if (b == null || !b.anyRan()) {
            return new Goal(goal, Verdict.UNTESTED, "the base did not run");
        }
        double worst = 0;
        String where = "";
        List<String> all = new ArrayList<>();
        for (String p : r.points()) {
            ParetoCell x = r.cell("dnp", p);
            if (x != null && x.anyRan()) {
                double ratio = x.secondsPerEpoch() / b.secondsPerEpoch();
                all.add(String.format(Locale.ROOT, "%s %.2fx", p, ratio));
                if (ratio > worst) {
                    worst = ratio;
                    where = p;
                }
            }
        }
        if (all.isEmpty()) {
            return new Goal(goal, Verdict.UNTESTED, "no dnp run finished");
        }
        return new Goal(
                goal,
                worst <= TIME_RATIO ? Verdict.MET : Verdict.MISSED,
                String.format(
                        Locale.ROOT,
                        "worst %.2fx at %s (base %.0f s, %.1f s per epoch; means over the seeds); %s",
                        worst,
                        where,
                        b.trainSeconds(),
                        b.secondsPerEpoch(),
                        String.join(", ", all)));
    }
}
