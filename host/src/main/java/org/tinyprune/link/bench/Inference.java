package org.tinyprune.link.bench;

import java.util.List;
import org.tinyprune.link.LinkException;

/**
 * One timed window of {@code infer N W%}.
 *
 * @param runs timed runs in the window
 * @param windowMicros microseconds between the two {@code m-lap-us-} lines (board clock; on
 *     emulated boards derived from instruction counts)
 * @param results the {@code m-results-[...]} values (dequantised outputs, three decimals)
 */
public record Inference(int runs, long windowMicros, List<Double> results) {
    /**
     * Returns microseconds per run.
     *
     * @return microseconds per run
     */
    public double microsPerRun() {
        return runs == 0 ? 0 : (double) windowMicros / runs;
    }

    /**
     * Returns the index of the largest result (the predicted class).
     *
     * @return the index of the largest result (the predicted class)
     */
    public int argmax() {
        int best = 0;
        for (int i = 1; i < results.size(); i++) {
            if (results.get(i) > results.get(best)) {
                best = i;
            }
        }
        return best;
    }

    static List<Double> parseResults(Reply r) throws LinkException {
        List<String> v = r.after("m-results-");
        if (v.isEmpty() || !v.get(0).startsWith("[") || !v.get(0).endsWith("]")) {
            throw r.missing("m-results-[...]");
        }
        String body = v.get(0).substring(1, v.get(0).length() - 1);
        try {
            return body.isEmpty()
                    ? List.of()
                    : java.util.Arrays.stream(body.split(","))
                            .map(String::trim)
                            .map(Double::valueOf)
                            .toList();
        } catch (NumberFormatException e) {
            throw r.missing("m-results-[...] of numbers (got " + v.get(0) + ")");
        }
    }
}
