package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.bench.ParetoGoals.Verdict;

/** Tables, statistics, plots and goal verdicts assembled from hand-made results. */
class ParetoResultsTest {
    private static final double EPS = 1e-9;

    @TempDir Path dir;

    static ParetoRow row(
            String method,
            String point,
            long seed,
            double int8,
            long sram,
            long flash,
            double seconds,
            int epochs) {
        return new ParetoRow(
                method,
                point,
                seed,
                int8,
                int8 + 0.004,
                sram,
                flash,
                3 * flash,
                10 * flash,
                seconds,
                epochs,
                "");
    }

    static ParetoRow row(
            String method, String point, double int8, long sram, long flash, double seconds) {
        return row(method, point, 1, int8, sram, flash, seconds, 8);
    }

    /** One seed (1), two points, the last l1 infeasible. */
    static ParetoResults results(double dnpAtSmall, double dnpSeconds) {
        List<ParetoRow> rows =
                List.of(
                        row("none", ParetoRow.BASE, 0.92, 160_000, 200_000, 100),
                        row("dnp", "64KiB:24KiB", 0.915, 24_000, 60_000, 90),
                        row("uniform", "64KiB:24KiB", 0.90, 23_000, 50_000, 40),
                        row("l1", "64KiB:24KiB", 0.905, 24_500, 64_000, 95),
                        row("dnp", "32KiB:8KiB", dnpAtSmall, 7_900, 9_000, dnpSeconds),
                        row("uniform", "32KiB:8KiB", 0.85, 8_000, 30_000, 30),
                        ParetoRow.infeasible("l1", "32KiB:8KiB", 1, "budgets cannot be met"));
        return new ParetoResults(
                rows,
                List.of("64KiB:24KiB", "32KiB:8KiB"),
                List.of("dnp", "uniform", "l1"),
                List.of(1L),
                false);
    }

    /**
     * Three seeds, int8 accuracies chosen so every statistic is worked out by hand:
     *
     * <ul>
     *   <li>P: dnp 90.0, 92.0, 91.0 (mean 91, sd 1, SE 1/√3 = 0.577); uniform 89.0, 90.5, 89.5
     *       (mean 89.67); l1 88.0, 88.5, 89.0 (mean 88.5). Best baseline uniform; paired
     *       differences 1.0, 1.5, 1.5: mean 4/3, sd √((1/9 + 1/36 + 1/36) / 2) = √(1/12) = 0.2887,
     *       SE 0.2887/√3 = 1/6. 1.33 >= 1 and 1.33 > 2/6: met.
     *   <li>Q: dnp 93, 90, 94; uniform 90, 91, 92 (mean 91); l1 95, 80, 85 (mean 86.67, though best
     *       at seed 1, so the best baseline is chosen by mean, not per seed). Differences 3, −1, 2:
     *       mean 4/3, sd √((25/9 + 49/9 + 4/9) / 2) = √(13/3) = 2.0817, SE 1.2019. 1.33 < 2 ·
     *       1.2019: missed.
     *   <li>R: dnp 90.5, 90.6, 90.7; uniform 90.0 at every seed; l1 infeasible. Differences 0.5,
     *       0.6, 0.7: mean 0.6, SE 0.1/√3 = 0.0577: significant but under one point: missed.
     * </ul>
     */
    static ParetoResults threeSeeds() {
        List<ParetoRow> rows = new ArrayList<>();
        double[][] acc = {
            {0.90, 0.92, 0.91}, {0.89, 0.905, 0.895}, {0.88, 0.885, 0.89},
            {0.93, 0.90, 0.94}, {0.90, 0.91, 0.92}, {0.95, 0.80, 0.85},
            {0.905, 0.906, 0.907}, {0.90, 0.90, 0.90}
        };
        String[] points = {"P", "Q", "R"};
        String[] methods = {"dnp", "uniform", "l1"};
        for (int s = 0; s < 3; s++) {
            long seed = s + 1;
            rows.add(row("none", ParetoRow.BASE, seed, 0.93, 100_000, 200_000, 100 + 10 * s, 8));
            for (int k = 0; k < acc.length; k++) {
                String p = points[k / 3];
                String m = methods[k % 3];
                rows.add(row(m, p, seed, acc[k][s], 10_000 + 1_000 * s, 20_000, 50, 8));
            }
            rows.add(ParetoRow.infeasible("l1", "R", seed, "cannot be met"));
        }
        return new ParetoResults(
                rows, List.of(points), List.of(methods), List.of(1L, 2L, 3L), false);
    }

    @Test
    void estimateIsTheMeanWithTheSampleStandardErrorOfTheMean() {
        // 2 4 4 4 5 5 7 9: mean 5, squares 32, sample sd √(32/7) = 2.13809, SE 2.13809/√8 =
        // 0.755929
        Estimate e = Estimate.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(8, e.n());
        assertEquals(5.0, e.mean(), EPS);
        assertEquals(0.755929, e.standardError(), 1e-6);
        Estimate one = Estimate.of(91.5);
        assertEquals(91.5, one.mean(), EPS);
        assertFalse(one.errorKnown());
        assertEquals("–", one.errorText(2));
        assertEquals(0, Estimate.of().n());
    }

    @Test
    void cellsAndPairedMarginsMatchTheHandWorkedFigures() {
        ParetoResults r = threeSeeds();
        ParetoCell dnpP = r.cell("dnp", "P");
        assertEquals(91.0, dnpP.int8Percent().mean(), EPS);
        assertEquals(1 / Math.sqrt(3), dnpP.int8Percent().standardError(), EPS);
        assertEquals(11_000, dnpP.sramBytes(), EPS, "mean SRAM over the seeds");
        assertEquals(12_000, dnpP.sramMax());

        List<ParetoMargin> m = r.margins();
        assertEquals(3, m.size());
        assertEquals("uniform", m.get(0).baseline());
        assertEquals(List.of(1L, 2L, 3L), m.get(0).seeds());
        assertEquals(4.0 / 3, m.get(0).margin().mean(), EPS);
        assertEquals(1.0 / 6, m.get(0).margin().standardError(), EPS);
        assertEquals(Verdict.MET, m.get(0).verdict());

        assertEquals(
                "uniform",
                m.get(1).baseline(),
                "the best baseline by mean, though l1 is best at seed 1");
        assertEquals(4.0 / 3, m.get(1).margin().mean(), EPS);
        assertEquals(Math.sqrt(13.0 / 3) / Math.sqrt(3), m.get(1).margin().standardError(), EPS);
        assertEquals(Verdict.MISSED, m.get(1).verdict(), "1.33 is not more than 2 SE = 2.40");

        assertEquals("uniform", m.get(2).baseline(), "l1 is infeasible at R");
        assertEquals(0.6, m.get(2).margin().mean(), EPS);
        assertEquals(0.1 / Math.sqrt(3), m.get(2).margin().standardError(), EPS);
        assertEquals(Verdict.MISSED, m.get(2).verdict(), "significant, but under one point");

        ParetoGoals.Goal goal = ParetoGoals.judge(r).get(0);
        assertEquals(Verdict.MISSED, goal.verdict());
        assertTrue(
                goal.detail()
                        .startsWith(
                                "met at 1 of 3 points: P: dnp − uniform +1.33 ± 0.17 points over 3 seeds,"
                                        + " met; Q: dnp − uniform +1.33 ± 1.20 points over 3 seeds, missed;"),
                goal.detail());
        assertFalse(goal.detail().contains("one seed"), goal.detail());
    }

    @Test
    void theVerdictNeedsOnePointAndMoreThanTwoStandardErrors() {
        assertEquals(Verdict.MET, ParetoMargin.verdict(new Estimate(3, 1.0, 0.49)));
        assertEquals(
                Verdict.MISSED,
                ParetoMargin.verdict(new Estimate(3, 1.0, 0.5)),
                "equal to 2 SE is not more");
        assertEquals(Verdict.MISSED, ParetoMargin.verdict(new Estimate(5, 0.99, 0.01)));
        assertEquals(Verdict.MISSED, ParetoMargin.verdict(new Estimate(5, 3.0, 1.6)));
        assertEquals(
                Verdict.MET,
                ParetoMargin.verdict(new Estimate(1, 1.0, Double.NaN)),
                "one seed: margin alone");
        assertEquals(Verdict.MISSED, ParetoMargin.verdict(new Estimate(1, 0.99, Double.NaN)));
        assertEquals(Verdict.UNTESTED, ParetoMargin.verdict(Estimate.of()));
    }

    @Test
    void tablesShowMeansErrorsPerSeedValuesAndMargins() {
        String md = threeSeeds().markdown();
        assertTrue(
                md.contains(
                        "| P | dnp | 3 | 91.00 % | 0.58 | 90.00, 92.00, 91.00 | 91.40 % | 11,000 | 20,000 |"),
                md);
        assertTrue(md.contains("| R | l1 | 3 | infeasible: cannot be met |"), md);
        assertTrue(md.contains("| P | uniform | +1.33 | 0.17 | 3 | met |"), md);
        assertTrue(md.contains("| Q | uniform | +1.33 | 1.20 | 3 | missed |"), md);
        assertTrue(md.contains("| none (base) | 3 | 110 | 1.00 |"), md);
        // dnp: 3 points x 3 seeds of 50 s; l1 ran 6 times (R infeasible)
        assertTrue(md.contains("| dnp | 9 | 50 | 0.45 |"), md);
        assertTrue(md.contains("| l1 | 6 | 50 | 0.45 |"), md);
    }

    @Test
    void oneSeedIsJudgedOnTheMarginAloneAndSaysSo() {
        String md = results(0.91, 80).markdown();
        List<String> lines = md.lines().toList();
        assertTrue(lines.get(0).contains("one seed, 1: SE unknown"), md);
        assertTrue(
                lines.get(4)
                        .startsWith(
                                "| base | none | 1 | 92.00 % | – | 92.00 | 92.40 % | 160,000 | 200,000 "
                                        + "| 600,000 | 2,000,000 | 100 |"),
                md);
        assertTrue(lines.get(5).startsWith("| 64KiB:24KiB | dnp | 1 | 91.50 %"), md);
        assertTrue(md.contains("| 32KiB:8KiB | l1 | 1 | infeasible: budgets cannot be met"), md);
        // best baseline at 64KiB:24KiB is l1 (90.5 > 90.0): margin exactly one point, met
        assertTrue(
                md.contains(
                        "| 64KiB:24KiB | l1 | +1.00 | – | 1 | met (one seed: SE unknown, judged on the margin "
                                + "alone) |"),
                md);
        assertTrue(md.contains("| dnp | 2 | 85 | 0.85 |"), md);
        assertTrue(md.contains("| l1 | 1 | 95 | 0.95 |"), md);
    }

    @Test
    void fromBaseRunsRecordTheBaseSecondsSeparatelyAndTheTimeTableAddsThem() {
        List<ParetoRow> rows =
                List.of(
                        row("none", ParetoRow.BASE, 1, 0.92, 160_000, 200_000, 100, 8),
                        row("dnp", "P", 1, 0.91, 10_000, 20_000, 30, 2),
                        row("uniform", "P", 1, 0.90, 10_000, 20_000, 10, 2));
        ParetoResults r =
                new ParetoResults(rows, List.of("P"), List.of("dnp", "uniform"), List.of(1L), true);
        Map<String, Object> dnp = r.runsAsMaps().get(1);
        assertEquals(30.0, dnp.get("train_seconds"));
        assertEquals(100.0, dnp.get("base_train_seconds"));
        assertEquals(130.0, dnp.get("total_seconds_with_base"));
        assertFalse(r.runsAsMaps().get(0).containsKey("base_train_seconds"));
        String md = r.markdown();
        assertTrue(md.contains("| dnp | 1 | 30 | 0.30 | 130 | 1.30 |"), md);
        assertTrue(md.contains("| uniform | 1 | 10 | 0.10 | 110 | 1.10 |"), md);
        // per epoch: dnp 30 s / 2 = 15 s against the base's 100 s / 8 = 12.5 s: 1.20x
        ParetoGoals.Goal time = ParetoGoals.judge(r).get(3);
        assertEquals(Verdict.MISSED, time.verdict());
        assertTrue(time.detail().startsWith("worst 1.20x at P"), time.detail());
    }

    @Test
    void writesThreePlots() throws Exception {
        threeSeeds().plot(dir);
        for (String f : ParetoResults.PLOTS) {
            BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
            assertEquals(900, img.getWidth(), f);
        }
    }

    @Test
    void goalsAreJudgedOnTheFigures() {
        List<ParetoGoals.Goal> met = ParetoGoals.judge(results(0.91, 80));
        assertEquals(Verdict.MET, met.get(0).verdict(), met.get(0).detail());
        assertTrue(
                met.get(0).detail().contains("one seed: the standard error is unknown"),
                met.get(0).detail());
        // dnp at 32KiB:8KiB: 7,900 B SRAM is a 20.3x reduction; 0.91 vs 0.92 costs exactly one
        // point: missed
        assertEquals(Verdict.MISSED, met.get(1).verdict(), met.get(1).detail());
        assertTrue(met.get(1).detail().contains("20.3x SRAM"), met.get(1).detail());
        assertEquals(Verdict.MET, met.get(2).verdict(), met.get(2).detail());
        assertEquals(Verdict.MET, met.get(3).verdict(), met.get(3).detail());
        assertTrue(
                met.get(3).detail().startsWith("worst 0.90x at 64KiB:24KiB"), met.get(3).detail());

        List<ParetoGoals.Goal> missed = ParetoGoals.judge(results(0.84, 120));
        assertEquals(Verdict.MISSED, missed.get(0).verdict());
        assertTrue(
                missed.get(0)
                        .detail()
                        .contains("32KiB:8KiB: dnp − uniform -1.00 ± – points over 1 seed, missed"),
                missed.get(0).detail());
        assertEquals(Verdict.MISSED, missed.get(2).verdict());
        assertEquals(Verdict.MISSED, missed.get(3).verdict());
        assertTrue(
                missed.get(3).detail().startsWith("worst 1.20x at 32KiB:8KiB"),
                missed.get(3).detail());
    }

    @Test
    void searchIsRacedNotCountedAsTheBaselineToBeat() {
        List<ParetoRow> rows = new ArrayList<>();
        rows.add(row("none", ParetoRow.BASE, 1, 0.93, 100_000, 200_000, 100, 8));
        rows.add(row("dnp", "P", 1, 0.91, 10_000, 20_000, 50, 8));
        rows.add(row("uniform", "P", 1, 0.89, 10_000, 20_000, 10, 8));
        rows.add(row("search", "P", 1, 0.92, 10_000, 20_000, 400, 8));
        rows.add(row("dnp", "Q", 1, 0.90, 10_000, 20_000, 50, 8));
        rows.add(row("uniform", "Q", 1, 0.88, 10_000, 20_000, 10, 8));
        rows.add(row("search", "Q", 1, 0.895, 10_000, 20_000, 100, 8));
        ParetoResults r =
                new ParetoResults(
                        rows,
                        List.of("P", "Q"),
                        List.of("dnp", "uniform", "search"),
                        List.of(1L),
                        false);
        assertEquals(
                "uniform",
                r.margins().get(0).baseline(),
                "search is more accurate at P but is not a baseline");
        assertEquals(2.0, r.margins().get(0).margin().mean(), EPS);
        ParetoGoals.Goal race = ParetoGoals.judge(r).get(4);
        // P: less accurate than search (91 vs 92); Q: as accurate, but 50 s is half of search's 100
        // s, not a third
        assertEquals(Verdict.MISSED, race.verdict());
        assertTrue(
                race.detail()
                        .startsWith(
                                "P: dnp 91.00 % vs search 92.00 %, time 50 s vs 400 s (0.13x); "
                                        + "Q: dnp 90.00 % vs search 89.50 %, time 50 s vs 100 s (0.50x)"),
                race.detail());
        rows.set(3, row("search", "P", 1, 0.905, 10_000, 20_000, 400, 8));
        rows.set(6, row("search", "Q", 1, 0.895, 10_000, 20_000, 150, 8));
        ParetoResults won =
                new ParetoResults(
                        rows,
                        List.of("P", "Q"),
                        List.of("dnp", "uniform", "search"),
                        List.of(1L),
                        false);
        assertEquals(
                Verdict.MET,
                ParetoGoals.judge(won).get(4).verdict(),
                ParetoGoals.judge(won).get(4).detail());
    }
}
