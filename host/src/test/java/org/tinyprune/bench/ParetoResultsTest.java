package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table, plots and goal verdicts assembled from hand-made results. */
class ParetoResultsTest {
    @TempDir
    Path dir;

    static ParetoRow row(String method, String point, double int8, long sram, long flash, double seconds) {
        return new ParetoRow(method, point, int8, int8 + 0.004, sram, flash, 3 * flash, 10 * flash, seconds, "");
    }

    static ParetoResults results(double dnpAtSmall, double dnpSeconds) {
        ParetoRow base = row("none", ParetoRow.BASE, 0.92, 160_000, 200_000, 100);
        List<ParetoRow> rows = List.of(
                row("dnp", "64KiB:24KiB", 0.915, 24_000, 60_000, 90),
                row("uniform", "64KiB:24KiB", 0.90, 23_000, 50_000, 40),
                row("l1", "64KiB:24KiB", 0.905, 24_500, 64_000, 95),
                row("dnp", "32KiB:8KiB", dnpAtSmall, 7_900, 9_000, dnpSeconds),
                row("uniform", "32KiB:8KiB", 0.85, 8_000, 30_000, 30),
                ParetoRow.infeasible("l1", "32KiB:8KiB", "budgets cannot be met"));
        return new ParetoResults(base, rows, List.of("64KiB:24KiB", "32KiB:8KiB"), List.of("dnp", "uniform", "l1"));
    }

    @Test
    void tableHasTheBaseThenEveryMethodPerPoint() {
        String md = results(0.91, 80).markdown();
        List<String> lines = md.lines().toList();
        assertEquals(2 + 1 + 6, lines.size(), md);
        assertTrue(lines.get(2).startsWith("| base | none | 92.00 % | 92.40 % | 160,000 | 200,000 | 600,000 |"), md);
        assertTrue(lines.get(3).startsWith("| 64KiB:24KiB | dnp | 91.50 %"), md);
        assertTrue(lines.get(3).endsWith("| 90 | 0.90 |"), md);
        assertTrue(lines.get(8).contains("| 32KiB:8KiB | l1 | infeasible: budgets cannot be met"), md);
    }

    @Test
    void writesThreePlots() throws Exception {
        results(0.91, 80).plot(dir);
        for (String f : ParetoResults.PLOTS) {
            BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
            assertEquals(900, img.getWidth(), f);
        }
    }

    @Test
    void goalsAreJudgedOnTheFigures() {
        List<ParetoGoals.Goal> met = ParetoGoals.judge(results(0.91, 80));
        assertEquals(ParetoGoals.Verdict.MET, met.get(0).verdict(), met.get(0).detail());
        // dnp at 32KiB:8KiB: 7,900 B SRAM is a 20.3x reduction; 0.91 vs 0.92 costs exactly one point: missed
        assertEquals(ParetoGoals.Verdict.MISSED, met.get(1).verdict(), met.get(1).detail());
        assertTrue(met.get(1).detail().contains("20.3x SRAM"), met.get(1).detail());
        assertEquals(ParetoGoals.Verdict.MET, met.get(2).verdict(), met.get(2).detail());
        assertEquals(ParetoGoals.Verdict.MET, met.get(3).verdict(), met.get(3).detail());
        assertTrue(met.get(3).detail().startsWith("worst 0.90x at 64KiB:24KiB"), met.get(3).detail());

        List<ParetoGoals.Goal> missed = ParetoGoals.judge(results(0.84, 120));
        assertEquals(ParetoGoals.Verdict.MISSED, missed.get(0).verdict());
        assertTrue(missed.get(0).detail().contains("dnp vs uniform at 32KiB:8KiB: 84.00 vs 85.00"),
                missed.get(0).detail());
        assertEquals(ParetoGoals.Verdict.MISSED, missed.get(2).verdict());
        assertEquals(ParetoGoals.Verdict.MISSED, missed.get(3).verdict());
        assertTrue(missed.get(3).detail().startsWith("worst 1.20x at 32KiB:8KiB"), missed.get(3).detail());
    }
}
