package org.tinyprune.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tinyprune.prune.Budgets;

/**
 * One budget point of a Pareto benchmark, as written on the command line: {@code FLASH:SRAM},
 * optionally {@code FLASH:SRAM:LATENCY} and {@code FLASH:SRAM:LATENCY:MACS}, each value in the
 * syntax of the {@code prune} flags ({@code 64KiB}, {@code 80ms} or {@code 2M} cycles, {@code 3M}
 * MACs) or {@code -} for no budget on that resource (flash and SRAM then default to the board's
 * memory).
 *
 * @param flash flash budget text, or null
 * @param sram SRAM budget text, or null
 * @param latency latency budget text, or null
 * @param macs MAC budget text, or null
 */
public record ParetoPoint(String flash, String sram, String latency, String macs) {
    private static final String[] PARTS = {"flash", "SRAM", "latency", "MACs"};

    /**
     * Clock for checking a latency's syntax here; the run converts times with the board's own
     * clock.
     */
    private static final long SYNTAX_CLOCK_HZ = 1_000_000_000L;

    /** The point as it was written (with {@code -} for no budget, trailing ones dropped). */
    public String label() {
        String[] v = {flash, sram, latency, macs};
        int n = v[3] != null ? 4 : v[2] != null ? 3 : 2;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ":").append(v[i] == null ? "-" : v[i]);
        }
        return sb.toString();
    }

    /** A file-name-safe form of {@link #label()}, e.g. {@code 64KiB_24KiB}. */
    public String directoryName() {
        return label().replace(':', '_').replace('-', 'x').replaceAll("[^A-Za-z0-9_.x]", "");
    }

    /**
     * Parses a comma-separated list of points.
     *
     * @param flag the option name, for messages
     * @throws IllegalArgumentException naming the flag, the point and the bad value, with the fix
     */
    public static List<ParetoPoint> parseAll(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    flag
                            + " is empty; give budget points as FLASH:SRAM[:LATENCY[:MACS]],"
                            + " comma-separated, e.g. 64KiB:24KiB,32KiB:8KiB");
        }
        List<ParetoPoint> points = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            ParetoPoint p =
                    parse(
                            flag + " point " + (i + 1) + " '" + items[i].trim() + "'",
                            items[i].trim());
            if (!seen.add(p.label())) {
                throw new IllegalArgumentException(
                        flag + " lists the point '" + p.label() + "' twice; drop one");
            }
            points.add(p);
        }
        return points;
    }

    /** Parses one point; {@code where} names it in messages. */
    static ParetoPoint parse(String where, String text) {
        String[] v = text.split(":", -1);
        if (text.isEmpty() || v.length < 2 || v.length > 4) {
            throw new IllegalArgumentException(
                    where
                            + " is not FLASH:SRAM[:LATENCY[:MACS]]; write e.g. 64KiB:24KiB"
                            + " or 32KiB:8KiB:2M (use - for no budget on a resource)");
        }
        String[] parts = new String[4];
        for (int i = 0; i < v.length; i++) {
            String s = v[i].trim();
            if (s.isEmpty()) {
                throw new IllegalArgumentException(
                        where + " has an empty " + PARTS[i] + " budget; write a value or -");
            }
            parts[i] = s.equals("-") ? null : s;
        }
        for (int i = 0; i < 4; i++) {
            if (parts[i] != null) {
                String name = where + " " + PARTS[i];
                double value =
                        switch (i) {
                            case 0, 1 -> Budgets.parseBytes(name, parts[i]);
                            case 2 -> Budgets.parseLatency(name, parts[i], SYNTAX_CLOCK_HZ);
                            default -> Budgets.parseCount(name, parts[i]);
                        };
                if (!(value > 0)) {
                    throw new IllegalArgumentException(
                            name + " must be more than zero, got '" + parts[i] + "'");
                }
            }
        }
        return new ParetoPoint(parts[0], parts[1], parts[2], parts[3]);
    }
}
