package org.tinyprune.link.bench;

/**
 * What {@code tp-identity%} reports: which board and firmware answered and how it counts time.
 *
 * @param board board name, e.g. {@code qemu-m4}
 * @param core core name, e.g. {@code cortex-m4}
 * @param clockHz core clock
 * @param emulated true on QEMU, where cycles are {@code -icount shift=0} instruction counts
 * @param timer timer source (DWT CYCCNT or SysTick)
 * @param cycleUnit what one reported cycle is
 * @param cycleResolution cycles per timer tick
 * @param modelHash FNV-1a hash of the model's weights, {@code 0x}-prefixed hex
 * @param inputBytes model input size
 * @param outputBytes model output size
 * @param layers number of layers
 */
public record DeviceIdentity(
        String board,
        String core,
        long clockHz,
        boolean emulated,
        String timer,
        String cycleUnit,
        long cycleResolution,
        String modelHash,
        long inputBytes,
        long outputBytes,
        long layers) {}
