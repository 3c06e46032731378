package org.tinyprune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The goals of issue 5, judged on a benchmark's figures: {@code dnp} beats both baselines at every
 * point; a ≥ 20× reduction of peak SRAM or flash from the base costs under one point of int8
 * accuracy; a model within 8 KiB peak SRAM and 32 KiB flash reaches ≥ 90 % int8 accuracy; a
 * pruning run takes at most 1.1× the base's training time.
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
     * @param goal    the goal in words
     * @param verdict met, missed or untested
     * @param detail  the figures behind the verdict
     */
    public record Goal(String goal, Verdict verdict, String detail) {
        /** For {@code results.json}. */
        public Map<String, Object> asMap() {
            return Map.of("goal", goal, "verdict", verdict.name().toLowerCase(Locale.ROOT), "detail", detail);
        }
    }

    private static final double REDUCTION = 20;
    private static final long SMALL_SRAM = 8 * 1024;
    private static final long SMALL_FLASH = 32 * 1024;
    private static final double SMALL_ACCURACY = 0.90;
    private static final double TIME_RATIO = 1.1;

    private ParetoGoals() {
    }

    /** Judges the four goals. */
    public static List<Goal> judge(ParetoResults r) {
        return List.of(dnpBeatsBaselines(r), reductionCost(r), smallModel(r), pruneTime(r));
    }

    static Goal dnpBeatsBaselines(ParetoResults r) {
        String goal = "dnp beats uniform and l1 at every budget point (int8 accuracy)";
        List<String> lost = new ArrayList<>();
        List<String> won = new ArrayList<>();
        for (String p : r.points()) {
            ParetoRow d = r.row("dnp", p);
            for (String other : List.of("uniform", "l1")) {
                ParetoRow o = r.row(other, p);
                if (d == null || o == null || !d.ran() || !o.ran()) {
                    continue;
                }
                String s = String.format(Locale.ROOT, "%s vs %s at %s: %.2f vs %.2f", "dnp", other, p,
                        100 * d.int8Accuracy(), 100 * o.int8Accuracy());
                (d.int8Accuracy() > o.int8Accuracy() ? won : lost).add(s);
            }
        }
        if (won.isEmpty() && lost.isEmpty()) {
            return new Goal(goal, Verdict.UNTESTED, "dnp and a baseline did not both run at any point");
        }
        return new Goal(goal, lost.isEmpty() ? Verdict.MET : Verdict.MISSED, lost.isEmpty()
                ? "won " + won.size() + " of " + won.size() + ": " + String.join("; ", won)
                : "lost " + lost.size() + " of " + (won.size() + lost.size()) + ": " + String.join("; ", lost));
    }

    static Goal reductionCost(ParetoResults r) {
        String goal = "a >= 20x reduction of peak SRAM or flash from the base costs < 1 point of int8 accuracy";
        if (r.base() == null || !r.base().ran()) {
            return new Goal(goal, Verdict.UNTESTED, "the base did not run");
        }
        ParetoRow b = r.base();
        double bestSram = 0;
        double bestFlash = 0;
        ParetoRow best = null;
        for (ParetoRow x : r.rows()) {
            if (!x.ran()) {
                continue;
            }
            double s = (double) b.sramBytes() / x.sramBytes();
            double f = (double) b.flashBytes() / x.flashBytes();
            bestSram = Math.max(bestSram, s);
            bestFlash = Math.max(bestFlash, f);
            if ((s >= REDUCTION || f >= REDUCTION) && (best == null || x.int8Accuracy() > best.int8Accuracy())) {
                best = x;
            }
        }
        if (best == null) {
            return new Goal(goal, Verdict.UNTESTED, String.format(Locale.ROOT,
                    "no run reached 20x: the largest reductions were %.1fx peak SRAM and %.1fx flash", bestSram,
                    bestFlash));
        }
        double cost = 100 * (b.int8Accuracy() - best.int8Accuracy());
        return new Goal(goal, cost < 1 ? Verdict.MET : Verdict.MISSED, String.format(Locale.ROOT,
                "best such run %s at %s: %.1fx SRAM, %.1fx flash, int8 %.2f vs base %.2f (cost %.2f points)",
                best.method(), best.point(), (double) b.sramBytes() / best.sramBytes(),
                (double) b.flashBytes() / best.flashBytes(), 100 * best.int8Accuracy(), 100 * b.int8Accuracy(), cost));
    }

    static Goal smallModel(ParetoResults r) {
        String goal = "a model within 8 KiB peak SRAM and 32 KiB flash reaches >= 90% int8 test accuracy";
        ParetoRow best = null;
        for (ParetoRow x : r.rows()) {
            if (x.ran() && x.sramBytes() <= SMALL_SRAM && x.flashBytes() <= SMALL_FLASH
                    && (best == null || x.int8Accuracy() > best.int8Accuracy())) {
                best = x;
            }
        }
        if (best == null) {
            return new Goal(goal, Verdict.UNTESTED, "no run fits 8 KiB SRAM and 32 KiB flash");
        }
        return new Goal(goal, best.int8Accuracy() >= SMALL_ACCURACY ? Verdict.MET : Verdict.MISSED,
                String.format(Locale.ROOT, "best: %s at %s, %,d B SRAM, %,d B flash, int8 %.2f%%", best.method(),
                        best.point(), best.sramBytes(), best.flashBytes(), 100 * best.int8Accuracy()));
    }

    static Goal pruneTime(ParetoResults r) {
        String goal = "a dnp pruning run takes <= 1.1x the training time of the base (same epochs and data)";
        if (r.base() == null || !r.base().ran()) {
            return new Goal(goal, Verdict.UNTESTED, "the base did not run");
        }
        double worst = 0;
        String where = "";
        List<String> all = new ArrayList<>();
        for (ParetoRow x : r.rows()) {
            if (x.ran() && x.method().equals("dnp")) {
                double ratio = x.trainSeconds() / r.base().trainSeconds();
                all.add(String.format(Locale.ROOT, "%s %.2fx", x.point(), ratio));
                if (ratio > worst) {
                    worst = ratio;
                    where = x.point();
                }
            }
        }
        if (all.isEmpty()) {
            return new Goal(goal, Verdict.UNTESTED, "no dnp run finished");
        }
        return new Goal(goal, worst <= TIME_RATIO ? Verdict.MET : Verdict.MISSED, String.format(Locale.ROOT,
                "worst %.2fx at %s (base %.0f s); %s", worst, where, r.base().trainSeconds(), String.join(", ", all)));
    }
}
