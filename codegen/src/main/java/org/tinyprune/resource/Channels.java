package org.tinyprune.resource;

import java.util.Arrays;

/**
 * A channel count as the sum of a constant and some channel variables (a concat's output has the
 * channels of all its inputs). Variables are indices into the count vector given to
 * {@link ResourceModel#evaluate}.
 *
 * @param constant fixed channels (e.g. the network input's)
 * @param vars     variables summed into the count (may repeat)
 */
public record Channels(int constant, int[] vars) {
    /** A fixed count. */
    public static Channels fixed(int count) {
        return new Channels(count, new int[0]);
    }

    /** The count held by one variable. */
    public static Channels of(int var) {
        return new Channels(0, new int[] {var});
    }

    /** The sum of several counts (concat). */
    public static Channels sum(Channels... parts) {
        int c = 0;
        int[] v = new int[0];
        for (Channels p : parts) {
            c += p.constant;
            int at = v.length;
            v = Arrays.copyOf(v, at + p.vars.length);
            System.arraycopy(p.vars, 0, v, at, p.vars.length);
        }
        return new Channels(c, v);
    }

    /** The count for the given variable values. */
    public double value(double[] counts) {
        double s = constant;
        for (int v : vars) {
            s += counts[v];
        }
        return s;
    }

    /** Adds {@code g} (the derivative of some quantity with respect to this count) into each variable's gradient. */
    void backprop(double g, double[] grad) {
        for (int v : vars) {
            grad[v] += g;
        }
    }
}
