package org.tinyprune.prune;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource budgets of a pruning run: flash bytes, peak SRAM bytes, latency cycles and MACs. {@link
 * Double#POSITIVE_INFINITY} means "no budget".
 *
 * @param flashBytes flash budget in bytes
 * @param sramBytes peak SRAM budget in bytes
 * @param latencyCycles latency budget in cycles (instruction counts on emulated boards)
 * @param macs multiply-accumulate budget per inference
 */
public record Budgets(double flashBytes, double sramBytes, double latencyCycles, double macs) {
    private static final Pattern BYTES =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib)?");
    private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(k|m|g)?");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|ms|us)");

    /** No budgets at all. */
    public static Budgets none() {
        double inf = Double.POSITIVE_INFINITY;
        return new Budgets(inf, inf, inf, inf);
    }

    /**
     * The budgets to plan against when the cost model may under-predict latency by up to {@code
     * latencyMargin} (a fraction, the profile's {@code cost_model.latency_margin}): latency becomes
     * {@code latencyCycles / (1 + latencyMargin)}, so a network predicted within it is measured
     * within {@code latencyCycles}; flash, SRAM and MACs are unchanged (predicted to within bytes,
     * counted exactly). A margin of 0 returns equal budgets.
     *
     * @throws IllegalArgumentException when the margin is negative or not finite
     */
    public Budgets plannedWith(double latencyMargin) {
        if (!Double.isFinite(latencyMargin) || latencyMargin < 0) {
            throw new IllegalArgumentException(
                    "latency margin "
                            + latencyMargin
                            + " must be a finite fraction >= 0 "
                            + "(0.04 = 4 %); recalibrate the board with tinyprune calibrate");
        }
        return new Budgets(flashBytes, sramBytes, latencyCycles / (1 + latencyMargin), macs);
    }

    /** The four budgets as an array, in the order of {@link Resource#values()}. */
    public double[] asArray() {
        return new double[] {flashBytes, sramBytes, latencyCycles, macs};
    }

    /**
     * Parses a byte size such as {@code 65536}, {@code 64KiB}, {@code 64k} or {@code 1.5MiB} (K and
     * M are binary, 1024-based, as memory sizes of microcontrollers are).
     *
     * @param flag the option name, for the error message
     */
    public static double parseBytes(String flag, String text) {
        Matcher m = BYTES.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    flag + " '" + text + "' is not a size; write e.g. 65536, 64KiB or 1MiB");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return v * (unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1);
    }

    /** Parses a count such as {@code 3000000}, {@code 3M} or {@code 250k} (decimal multipliers). */
    public static double parseCount(String flag, String text) {
        Matcher m = COUNT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    flag + " '" + text + "' is not a count; write e.g. 3000000 or 3M");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return v
                * switch (unit) {
                    case "k" -> 1e3;
                    case "m" -> 1e6;
                    case "g" -> 1e9;
                    default -> 1;
                };
    }

    /**
     * Parses a latency: cycles ({@code 2000000}, {@code 2M}) or a time ({@code 80ms}, {@code 0.5s},
     * {@code 900us}) converted to cycles with the board clock.
     */
    public static double parseLatency(String flag, String text, long clockHz) {
        Matcher t = TIME.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (t.matches()) {
            double seconds =
                    Double.parseDouble(t.group(1))
                            * switch (t.group(2)) {
                                case "ms" -> 1e-3;
                                case "us" -> 1e-6;
                                default -> 1;
                            };
            return Math.floor(seconds * clockHz);
        }
        try {
            return parseCount(flag, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    flag
                            + " '"
                            + text
                            + "' is neither cycles nor a time; write e.g. 2000000, 2M, 80ms or 0.5s",
                    e);
        }
    }
}
