package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * Plans one graph: storage buffers, best order ({@link MinPeakOrder}), then offsets from an
 * {@link ArenaPlanner} (by default {@link GreedyPlanner}) for every storage slot over its live
 * steps and for each node's scratch over its own step. Depthwise convolutions that may run in
 * place ({@link KernelScratch#mayRunInPlace}) do so only when that makes the arena smaller: the
 * in-place kernel copies rows into its line buffer, so it is slower, and where the peak is set by
 * other layers it would cost time for nothing.
 */
public final class MemoryPlanner {
    private final OrderSearch orderSearch;
    private final Supplier<ArenaPlanner> arenaPlanner;

    /** The default: minimum-peak order, greedy offsets. */
    public MemoryPlanner() {
        this(new MinPeakOrder(), GreedyPlanner::new);
    }

    /** A planner with a chosen order search and offset planner (for tests and comparisons). */
    public MemoryPlanner(OrderSearch orderSearch, Supplier<ArenaPlanner> arenaPlanner) {
        this.orderSearch = orderSearch;
        this.arenaPlanner = arenaPlanner;
    }

    /** Plans {@code graph}. */
    public MemoryPlan plan(Graph graph) {
        MemoryPlan apart = plan(new Buffers(graph, false));
        if (graph.nodes().stream().noneMatch(n -> KernelScratch.mayRunInPlace(graph, n))) {
            return apart;
        }
        MemoryPlan inPlace = plan(new Buffers(graph, true));
        return inPlace.arenaBytes() < apart.arenaBytes() ? inPlace : apart;
    }

    private MemoryPlan plan(Buffers buffers) {
        Graph graph = buffers.graph();
        Schedule schedule = orderSearch.order(buffers);
        ArenaPlanner arena = arenaPlanner.get();
        List<int[]> added = new ArrayList<>(); // {slot, node, first, last, bytes, planner index}
        int[] slotIndex = new int[buffers.count()];
        Arrays.fill(slotIndex, -1);
        for (int b = 0; b < buffers.count(); b++) {
            if (schedule.slotOf(b) == b) {
                int[] r = schedule.slotRange(b);
                int last = Math.max(r[0], r[1]);
                slotIndex[b] = arena.addBuffer(buffers.bytes(b), r[0], last);
                added.add(new int[] {b, -1, r[0], last, buffers.bytes(b), slotIndex[b]});
            }
        }
        int[] order = schedule.order();
        int[] scratchIndex = new int[order.length];
        Arrays.fill(scratchIndex, -1);
        for (int s = 0; s < order.length; s++) {
            if (buffers.scratch(order[s]) > 0) {
                scratchIndex[order[s]] = arena.addBuffer(buffers.scratch(order[s]), s, s);
                added.add(new int[] {-1, order[s], s, s, buffers.scratch(order[s]), scratchIndex[order[s]]});
            }
        }
        List<MemoryPlan.Block> blocks = new ArrayList<>();
        for (int[] a : added) {
            blocks.add(new MemoryPlan.Block(a[0], a[1], a[2], a[3], arena.offset(a[5]), a[4]));
        }
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (String in : graph.inputs()) {
            offsets.put(in, arena.offset(slotIndex[schedule.slotOf(buffers.bufferOf(in))]));
        }
        for (Node n : graph.nodes()) {
            offsets.put(n.output(), arena.offset(slotIndex[schedule.slotOf(buffers.bufferOf(n.output()))]));
        }
        int[] scratchOffsets = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            scratchOffsets[i] = scratchIndex[i] < 0 ? -1 : arena.offset(scratchIndex[i]);
        }
        boolean exhausted = orderSearch instanceof MinPeakOrder m && m.exhausted();
        return new MemoryPlan(schedule, offsets, scratchOffsets, arena.totalBytes(), schedule.peakBytes(),
                Schedule.given(buffers).peakBytes(), exhausted, blocks);
    }
}
