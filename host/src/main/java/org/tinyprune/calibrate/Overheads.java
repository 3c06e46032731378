package org.tinyprune.calibrate;

import java.util.List;

/**
 * The runtime's SRAM costs besides the model's arena, read off the builds and the board (flash is
 * {@link FlashFit}'s). Runtime static SRAM = static RAM minus the planned arena minus the server's
 * input copy; stack = the painted high-water mark, as a base plus bytes per layer. The per-layer
 * slope is a least-squares fit (never negative); each base is then the largest measured excess, so
 * the resource model never predicts less than a measured network used (a budget met on the host is
 * met on the board) and the spread shows up as the error. The stack base leaves out the interrupt
 * frame the resource model adds to every prediction ({@link
 * org.tinyprune.resource.Overheads#INTERRUPT_FRAME_BYTES}): base plus frame covers the largest
 * measured excess whether or not an interrupt hit a measured run at its deepest point.
 *
 * @param runtimeSramBytes static SRAM besides the arena and the input copy
 * @param stackBytes stack besides the per-layer part and the interrupt frame, a multiple of 8
 * @param stackPerLayer stack each layer adds
 */
public record Overheads(long runtimeSramBytes, long stackBytes, double stackPerLayer) {
    /**
     * Derives the overheads from measurements.
     *
     * @throws IllegalArgumentException when {@code nets} is empty
     */
    public static Overheads of(List<NetMeasurement> nets) {
        if (nets.isEmpty()) {
            throw new IllegalArgumentException("no measurements to derive runtime overheads from");
        }
        double[] layers = nets.stream().mapToDouble(n -> n.layers().size()).toArray();
        double[] stack = nets.stream().mapToDouble(NetMeasurement::stackUsedBytes).toArray();
        double stackSlope = slope(layers, stack);
        long sram = 0;
        for (NetMeasurement n : nets) {
            sram = Math.max(sram, n.staticRamBytes() - n.plannedArenaBytes() - n.inputBytes());
        }
        long stackBase = (long) Math.ceil(excess(layers, stack, stackSlope));
        long base =
                (stackBase + 7) / 8 * 8 - org.tinyprune.resource.Overheads.INTERRUPT_FRAME_BYTES;
        return new Overheads(sram, Math.max(8, base), stackSlope);
    }

    /** Least-squares slope of y on x with an intercept, clamped at zero. */
    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? 0 : Math.max(0, sxy / sxx);
    }

    /** The largest {@code y − slope × x}. */
    private static double excess(double[] x, double[] y, double slope) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, y[i] - slope * x[i]);
        }
        return Math.max(0, m);
    }

    /** Predicted stack high-water mark of a network, the interrupt frame included. */
    public double stack(NetMeasurement n) {
        return stackBytes
                + stackPerLayer * n.layers().size()
                + org.tinyprune.resource.Overheads.INTERRUPT_FRAME_BYTES;
    }

    /**
     * Predicted SRAM of a network, as the resource model computes it: its planned arena plus the
     * input copy, the runtime's static SRAM and the stack.
     */
    public double sram(NetMeasurement n) {
        return n.modelArenaBytes() + n.inputBytes() + runtimeSramBytes + stack(n);
    }
}
