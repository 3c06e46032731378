package org.tinyprune.resource;

/**
 * What the resource model says about a network at some channel counts: the totals, the
 * per-layer latency, and the gradient of each total with respect to each channel variable.
 *
 * @param flashBytes    model constants plus runtime flash
 * @param sramBytes     arena plus runtime static SRAM plus stack
 * @param arenaBytes    peak live activation and scratch bytes under the execution order
 * @param macs          multiply-accumulates per inference
 * @param latencyCycles predicted cycles per inference
 * @param layerCycles   predicted cycles per layer, in execution order
 * @param peakStep      the execution step at which the arena peaks
 * @param gradients     {@code gradients[r][v]}: d(total r)/d(count v), r in the order flash, SRAM,
 *                      latency, MACs; the SRAM gradient is that of a smooth maximum over steps
 */
public record Estimate(double flashBytes, double sramBytes, double arenaBytes, double macs, double latencyCycles,
                       double[] layerCycles, int peakStep, double[][] gradients) {
    /** Index of flash in {@link #totals()} and {@link #gradients()}. */
    public static final int FLASH = 0;
    /** Index of SRAM. */
    public static final int SRAM = 1;
    /** Index of latency. */
    public static final int LATENCY = 2;
    /** Index of MACs. */
    public static final int MACS = 3;

    /** The four totals in the order flash, SRAM, latency, MACs. */
    public double[] totals() {
        return new double[] {flashBytes, sramBytes, latencyCycles, macs};
    }
}
