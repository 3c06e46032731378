package org.tinyprune.plan;

/**
 * Offset assignment in one arena (the TFLM planner interface): add buffers with their size and the
 * first and last step that use them, then ask each buffer's offset and the arena size. Buffers
 * whose step ranges overlap never overlap in memory.
 */
public interface ArenaPlanner {
    /**
     * Adds a buffer.
     *
     * @param bytes size (> 0)
     * @param firstUse first step it is live
     * @param lastUse last step it is live (inclusive, >= firstUse)
     * @return the buffer's index
     */
    int addBuffer(int bytes, int firstUse, int lastUse);

    /** Offset of buffer {@code index} in the arena. */
    int offset(int index);

    /** Bytes the arena needs. */
    int totalBytes();
}
