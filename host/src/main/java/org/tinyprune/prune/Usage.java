package org.tinyprune.prune;

/**
 * What the resource model says about a network at some (soft) channel counts, per coupling group.
 *
 * @param flashBytes model constants plus runtime flash
 * @param sramBytes planned arena plus runtime static SRAM plus stack
 * @param arenaBytes planned arena (peak live activations and scratch)
 * @param latencyCycles predicted cycles (instruction counts on emulated boards)
 * @param macs multiply-accumulates per inference
 * @param gradients {@code gradients[r][v]}: d(total r)/d(channels of group variable v), r in the
 *     order of {@link Resource}
 */
public record Usage(
        double flashBytes,
        double sramBytes,
        double arenaBytes,
        double latencyCycles,
        double macs,
        double[][] gradients) {
    /** The four totals in the order of {@link Resource}: flash, SRAM, latency, MACs. */
    public double[] totals() {
        return new double[] {flashBytes, sramBytes, latencyCycles, macs};
    }
}
