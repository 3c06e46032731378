package org.tinyprune.link.an3155;

/**
 * What a flash did and how fast.
 *
 * @param bootloader what the bootloader reported
 * @param address first address written
 * @param bytes bytes written (and verified)
 * @param retries commands retried after a NACK, timeout or garbage
 * @param eraseMillis time spent erasing
 * @param writeMillis time spent writing
 * @param verifyMillis time spent reading back
 * @param totalMillis from first sync to Go acknowledged
 */
public record FlashReport(
        BootloaderInfo bootloader,
        long address,
        int bytes,
        int retries,
        long eraseMillis,
        long writeMillis,
        long verifyMillis,
        long totalMillis) {
    /**
     * Returns the write throughput in bytes per second (payload only).
     *
     * @return the write throughput in bytes per second (payload only)
     */
    public double writeBytesPerSecond() {
        return writeMillis == 0 ? 0 : bytes * 1000.0 / writeMillis;
    }

    /**
     * Returns the end-to-end throughput: payload bytes over the whole flash, verify included.
     *
     * @return the end-to-end throughput: payload bytes over the whole flash, verify included
     */
    public double overallBytesPerSecond() {
        return totalMillis == 0 ? 0 : bytes * 1000.0 / totalMillis;
    }
}
