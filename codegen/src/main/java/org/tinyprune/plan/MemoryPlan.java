package org.tinyprune.plan;

import java.util.Collections;
import java.util.Map;

/**
 * The result of planning: the execution order, the arena offset of every activation tensor and of
 * every node's scratch, the arena size, and the lower bound it is measured against.
 *
 * @param schedule the chosen order and liveness
 * @param tensorOffsets arena offset of each activation tensor by name (in-place and reshaped tensors share offsets)
 * @param scratchOffsets arena offset of the scratch of each node by IR node index (-1 when it needs none)
 * @param arenaBytes bytes the static arena needs
 * @param lowerBoundBytes maximum over steps of live bytes (buffers + scratch) under this order
 * @param givenOrderPeakBytes the same lower bound for the graph's own order (to show what reordering gained)
 * @param orderSearchExhausted true when the order search gave up and kept the graph's order
 */
public record MemoryPlan(Schedule schedule, Map<String, Integer> tensorOffsets, int[] scratchOffsets, int arenaBytes,
        int lowerBoundBytes, int givenOrderPeakBytes, boolean orderSearchExhausted) {
    /** Copies the map. */
    public MemoryPlan {
        tensorOffsets = Collections.unmodifiableMap(tensorOffsets);
        scratchOffsets = scratchOffsets.clone();
    }

    /** Offset of activation tensor {@code name}. */
    public int offsetOf(String name) {
        Integer o = tensorOffsets.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no arena offset planned for tensor '" + name + "'");
        }
        return o;
    }

    /** Scratch offset of IR node {@code index}, or -1. */
    public int scratchOffset(int index) {
        return scratchOffsets[index];
    }

    /** One line for reports: arena vs lower bound. */
    public String summary() {
        return "arena " + arenaBytes + " B, lower bound " + lowerBoundBytes + " B (graph order peak "
                + givenOrderPeakBytes + " B" + (orderSearchExhausted ? ", order search exhausted" : "") + ")";
    }
}
