package org.tinyprune.link.mlperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's accuracy and performance arithmetic on hand-worked replies. */
class RunnerScoringTest {
    @Test
    void logitsWithANegativeSumFlipTheRunnersRankingProbabilitiesDoNot() {
        // Logits -1 and -3 (class 0 wins): divided by their sum -4 they become 0.25 and 0.75, so
        // the
        // runner picks class 1. Their softmax, 0.880797 and 0.119203, keeps class 0 on top.
        RunnerScoring logits = new RunnerScoring();
        logits.add(0, 0, List.of(-1.0, -3.0));
        assertEquals(0, logits.correct());
        RunnerScoring probabilities = new RunnerScoring();
        probabilities.add(0, 0, List.of(0.880797, 0.119203));
        assertEquals(1, probabilities.correct());
        assertEquals(100.0, probabilities.top1Percent());
    }

    @Test
    void top1CountsFilesByTheArgmaxOfTheirMeanNormalisedVector() {
        RunnerScoring s = new RunnerScoring();
        s.add(0, 2, List.of(0.1, 0.2, 0.7)); // right
        s.add(1, 0, List.of(0.3, 0.3, 0.4)); // wrong
        s.add(2, 1, List.of(0.5, 0.5, 0.0)); // a tie goes to the first index: wrong
        s.add(3, 1, List.of(2.0, 6.0, 2.0)); // normalised to 0.2, 0.6, 0.2: right
        // two vectors of one file: mean of (0.6, 0.4) and (0.2, 0.8) is (0.4, 0.6): class 1
        s.add(4, 1, List.of(0.6, 0.4));
        s.add(4, 1, List.of(0.2, 0.8));
        assertEquals(5, s.files());
        assertEquals(3, s.correct());
        assertEquals(60.0, s.top1Percent(), 1e-12);
    }

    @Test
    void aSingleValueIsAScoreAndIsNotNormalised() {
        RunnerScoring s = new RunnerScoring();
        s.add(0, 0, List.of(-2.5));
        assertEquals(1, s.files());
        assertEquals(1, s.correct()); // argmax of one value is index 0
    }

    @Test
    void throughputIsRunsPerSecondBetweenTheLapsAndTheMedianIsReported() {
        List<RunnerDut.Inference> w =
                List.of(
                        new RunnerDut.Inference(
                                10, List.of(), 1_000, 6_000), // 10 runs in 5 ms: 2000/s
                        new RunnerDut.Inference(10, List.of(), 0, 4_000), // 2500/s
                        new RunnerDut.Inference(10, List.of(), 100, 10_100), // 1000/s
                        new RunnerDut.Inference(10, List.of(), 0, 5_000), // 2000/s
                        new RunnerDut.Inference(10, List.of(), 7, 7)); // laps equal: 0
        assertEquals(2000.0, RunnerScoring.throughput(w.get(0)), 1e-9);
        assertEquals(2000.0, RunnerScoring.medianThroughput(w), 1e-9);
        assertEquals(0.0, RunnerScoring.throughput(w.get(4)));
        assertEquals(2250.0, RunnerScoring.medianThroughput(w.subList(0, 2)), 1e-9);
    }

    @Test
    void submissionNeedsFiveWindowsAndTenSeconds() {
        RunnerDut.Inference one = new RunnerDut.Inference(1, List.of(), 0, 1);
        List<RunnerDut.Inference> five = List.of(one, one, one, one, one);
        assertNull(RunnerScoring.submissionError(five, 10.0));
        assertEquals(
                "ERROR 2 - loop exited before 10 seconds elapsed",
                RunnerScoring.submissionError(five, 9.9));
        assertEquals(
                "ERROR 1 - loop_count was not exactly 5",
                RunnerScoring.submissionError(five.subList(0, 4), 20));
    }
}
