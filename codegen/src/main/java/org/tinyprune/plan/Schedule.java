package org.tinyprune.plan;

import java.util.Arrays;

/**
 * An execution order and what it implies: which nodes run in place (an add, clamp or depthwise
 * convolution writing over an input that dies there, same size), each buffer's live step range, and
 * the bytes live at each step (buffers plus the step's scratch). {@link #peakBytes()} is the lower
 * bound no arena for this order can beat.
 */
public final class Schedule {
    private final Buffers buffers;
    private final int[] order;
    private final int[] position;
    private final int[] slot;
    private final int[] first;
    private final int[] last;
    private final int[] live;

    private Schedule(Buffers buffers, int[] order) {
        this.buffers = buffers;
        this.order = order.clone();
        int n = order.length;
        int nb = buffers.count();
        position = new int[n];
        for (int s = 0; s < n; s++) {
            position[order[s]] = s;
        }
        slot = new int[nb];
        first = new int[nb];
        last = new int[nb];
        for (int b = 0; b < nb; b++) {
            slot[b] = b;
            first[b] = buffers.producer(b) < 0 ? 0 : position[buffers.producer(b)];
            int l = buffers.isOutput(b) ? Math.max(n - 1, 0) : first[b];
            for (int c : buffers.consumers(b)) {
                l = Math.max(l, position[c]);
            }
            last[b] = l;
        }
        for (int s = 0; s < n; s++) {
            int node = order[s];
            int target = inPlaceTarget(buffers, node, s);
            if (target >= 0) {
                slot[buffers.outputOf(node)] = slot[target];
            }
        }
        live = new int[n];
        for (int b = 0; b < nb; b++) {
            if (slot[b] != b) {
                continue;
            }
            int[] range = slotRange(b);
            for (int s = range[0]; s <= range[1] && s < n; s++) {
                live[s] += buffers.bytes(b);
            }
        }
        for (int s = 0; s < n; s++) {
            live[s] += buffers.scratch(order[s]);
        }
    }

    /** The input buffer node {@code node} may overwrite when it runs at step {@code s}, or -1. */
    private int inPlaceTarget(Buffers b, int node, int s) {
        if (!b.mayRunInPlace(node)) {
            return -1;
        }
        int out = b.outputOf(node);
        for (int in : b.inputsOf(node)) {
            if (!b.isInput(in) && !b.isOutput(in) && b.bytes(in) == b.bytes(out) && last[in] == s) {
                return in;
            }
        }
        return -1;
    }

    /** Simulates {@code order} (a permutation of node indices respecting dependencies). */
    public static Schedule of(Buffers buffers, int[] order) {
        if (order.length != buffers.nodeCount()) {
            throw new IllegalArgumentException(
                    "order has " + order.length + " nodes, graph has " + buffers.nodeCount());
        }
        boolean[] done = new boolean[order.length];
        for (int node : order) {
            for (int in : buffers.inputsOf(node)) {
                int p = buffers.producer(in);
                if (p >= 0 && !done[p] && p != node) {
                    throw new IllegalArgumentException(
                            "order runs node " + node + " before its input's producer " + p);
                }
            }
            done[node] = true;
        }
        return new Schedule(buffers, order);
    }

    /** The IR order unchanged. */
    public static Schedule given(Buffers buffers) {
        int[] order = new int[buffers.nodeCount()];
        Arrays.setAll(order, i -> i);
        return of(buffers, order);
    }

    /** Node indices in execution order. */
    public int[] order() {
        return order.clone();
    }

    /** The buffer whose storage buffer {@code b} uses (itself unless written in place). */
    public int slotOf(int b) {
        int s = b;
        while (slot[s] != s) {
            s = slot[s];
        }
        return s;
    }

    /** First and last step at which a storage slot ({@code slotOf(b) == b}) is live. */
    public int[] slotRange(int root) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int b = 0; b < slot.length; b++) {
            if (slotOf(b) == root) {
                lo = Math.min(lo, first[b]);
                hi = Math.max(hi, last[b]);
            }
        }
        return new int[] {lo, hi};
    }

    /** Bytes live at each step (buffers and scratch). */
    public int[] liveBytes() {
        return live.clone();
    }

    /** The lower bound for any arena under this order: the maximum of {@link #liveBytes()}. */
    public int peakBytes() {
        return Arrays.stream(live).max().orElse(0);
    }

    /** The buffers this schedule is over. */
    public Buffers buffers() {
        return buffers;
    }
}
