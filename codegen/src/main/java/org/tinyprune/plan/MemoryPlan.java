package org.tinyprune.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The result of planning: the execution order, the arena offset of every activation tensor and of
 * every node's scratch, the arena size, and the lower bound it is measured against.
 *
 * @param schedule the chosen order and liveness
 * @param tensorOffsets arena offset of each activation tensor by name (in-place and reshaped
 *     tensors share offsets)
 * @param scratchOffsets arena offset of the scratch of each node by IR node index (-1 when it needs
 *     none)
 * @param arenaBytes bytes the static arena needs
 * @param lowerBoundBytes maximum over steps of live bytes (buffers + scratch) under this order
 * @param givenOrderPeakBytes the same lower bound for the graph's own order (to show what
 *     reordering gained)
 * @param orderSearchExhausted true when the order search gave up and kept the graph's order
 * @param blocks every block the arena planner placed (storage slots and scratch), in the order
 *     added
 */
public record MemoryPlan(
        Schedule schedule,
        Map<String, Integer> tensorOffsets,
        int[] scratchOffsets,
        int arenaBytes,
        int lowerBoundBytes,
        int givenOrderPeakBytes,
        boolean orderSearchExhausted,
        List<Block> blocks) {
    /**
     * One block of the arena: a storage slot (the buffers written in place into one another share
     * it) or one node's scratch, with the steps it is live and where the planner put it.
     *
     * @param slot root buffer of a storage slot ({@link Schedule#slotOf}), or -1 for scratch
     * @param node IR node index whose scratch this is, or -1 for a storage slot
     * @param first first step it is live
     * @param last last step it is live (inclusive)
     * @param offset arena offset
     * @param bytes aligned size
     */
    public record Block(int slot, int node, int first, int last, int offset, int bytes) {
        /** True when the two blocks are live at a common step (so they may not share bytes). */
        public boolean overlapsInTime(Block o) {
            return first <= o.last && o.first <= last;
        }
    }

    /** Copies the map, the offsets and the blocks. */
    public MemoryPlan {
        tensorOffsets = Collections.unmodifiableMap(tensorOffsets);
        scratchOffsets = scratchOffsets.clone();
        blocks = List.copyOf(blocks);
    }

    /** Offset of activation tensor {@code name}. */
    public int offsetOf(String name) {
        Integer o = tensorOffsets.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no arena offset planned for tensor '" + name + "'");
        }
        return o;
    }

    /** True when depthwise node {@code n} runs in place under this plan. */
    public boolean runsInPlace(org.tinyprune.ir.Node n) {
        return schedule.buffers().runsInPlace(n);
    }

    /** The chains this plan streams ({@link StreamChain}). */
    public List<StreamChain> streams() {
        return schedule.buffers().streams();
    }

    /** The streamed chain holding IR node {@code index}, or null. */
    public StreamChain chainOf(int index) {
        return schedule.buffers().chainOf(index);
    }

    /** Scratch offset of IR node {@code index}, or -1. */
    public int scratchOffset(int index) {
        return scratchOffsets[index];
    }

    /** One line for reports: arena vs lower bound. */
    public String summary() {
        return "arena "
                + arenaBytes
                + " B, lower bound "
                + lowerBoundBytes
                + " B (graph order peak "
                + givenOrderPeakBytes
                + " B"
                + (orderSearchExhausted ? ", order search exhausted" : "")
                + (streams().isEmpty() ? "" : ", " + streamSummary())
                + ")";
    }

    /** The streamed chains by their first and last node names. */
    public String streamSummary() {
        StringBuilder sb = new StringBuilder();
        org.tinyprune.ir.Graph g = schedule.buffers().graph();
        for (StreamChain c : streams()) {
            sb.append(sb.length() == 0 ? "streamed " : ", ")
                    .append(g.nodes().get(c.head()).name())
                    .append("..")
                    .append(g.nodes().get(c.tail()).name())
                    .append(" (")
                    .append(c.nodes().size())
                    .append(" layers)");
        }
        return sb.toString();
    }
}
