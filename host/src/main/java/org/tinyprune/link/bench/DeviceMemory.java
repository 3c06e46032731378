package org.tinyprune.link.bench;

/**
 * What {@code tp-memory%} reports, all in bytes: static RAM from the linker symbols, the model's
 * arena, the stack reserved and its painted high-water mark, and the flashed image size.
 *
 * @param dataBytes .data
 * @param bssBytes .bss (holds the arena)
 * @param staticRamBytes .data + .bss
 * @param arenaBytes the model's activation arena
 * @param stackSizeBytes stack reserved by the linker script
 * @param stackUsedBytes stack high-water mark since boot
 * @param flashImageBytes bytes of the application image
 */
public record DeviceMemory(
        long dataBytes,
        long bssBytes,
        long staticRamBytes,
        long arenaBytes,
        long stackSizeBytes,
        long stackUsedBytes,
        long flashImageBytes) {
    /**
     * Returns static RAM plus the stack actually used: the SRAM the application needs.
     *
     * @return static RAM plus the stack actually used: the SRAM the application needs
     */
    public long sramUsedBytes() {
        return staticRamBytes + stackUsedBytes;
    }
}
