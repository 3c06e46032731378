package org.tinyprune.plan;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The execution order with the smallest peak of live bytes, found by a memoised search over
 * execution states (the set of nodes already run), as in the operator-reordering literature. From a
 * state, running a ready node costs the bytes live while it runs (live buffers, its new output
 * unless it runs in place or is a reshape, its scratch); the peak of an order is the largest such
 * cost, and the search minimises it exactly. Ties go to the lower node index, so the result is
 * deterministic. When a graph has more than {@link #MAX_STATES} reachable states the search gives
 * up and the graph's own order is used ({@link #exhausted()} says so).
 */
public final class MinPeakOrder implements OrderSearch {
    /** Search budget in memoised states. */
    public static final int MAX_STATES = 200_000;

    private Buffers b;
    private final Map<BitSet, long[]> memo = new HashMap<>();
    private boolean exhausted;

    private static final class Budget extends RuntimeException {
        Budget() {
            super(null, null, false, false);
        }
    }

    @Override
    public Schedule order(Buffers buffers) {
        this.b = buffers;
        memo.clear();
        exhausted = false;
        try {
            best(new BitSet());
        } catch (Budget e) {
            exhausted = true;
            return Schedule.given(buffers);
        }
        int[] order = new int[buffers.nodeCount()];
        BitSet s = new BitSet();
        for (int i = 0; i < order.length; i++) {
            int n = (int) memo.get(s)[1];
            order[i] = n;
            s = (BitSet) s.clone();
            s.set(n);
        }
        return Schedule.of(buffers, order);
    }

    /** True when the last search ran out of budget and fell back to the graph's order. */
    public boolean exhausted() {
        return exhausted;
    }

    /** {peak of the best completion from state s, first node to run}. */
    private long best(BitSet s) {
        if (s.cardinality() == b.nodeCount()) {
            return 0;
        }
        long[] known = memo.get(s);
        if (known != null) {
            return known[0];
        }
        if (memo.size() >= MAX_STATES) {
            throw new Budget();
        }
        long liveBefore = liveBytes(s);
        long bestPeak = Long.MAX_VALUE;
        int bestNode = -1;
        for (int n = 0; n < b.nodeCount(); n++) {
            if (s.get(n) || !ready(s, n)) {
                continue;
            }
            long during = liveBefore + newBytes(s, n) + b.scratch(n);
            if (during >= bestPeak) {
                continue;
            }
            BitSet next = (BitSet) s.clone();
            next.set(n);
            long peak = Math.max(during, best(next));
            if (peak < bestPeak) {
                bestPeak = peak;
                bestNode = n;
            }
        }
        memo.put(s, new long[] {bestPeak, bestNode});
        return bestPeak;
    }

    private boolean ready(BitSet s, int n) {
        for (int in : b.inputsOf(n)) {
            int p = b.producer(in);
            if (p >= 0 && p != n && !s.get(p)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of buffers produced (or input) and still needed after the nodes in s ran. */
    private long liveBytes(BitSet s) {
        long sum = 0;
        for (int buf = 0; buf < b.count(); buf++) {
            int p = b.producer(buf);
            if ((p < 0 || s.get(p)) && stillNeeded(s, buf)) {
                sum += b.bytes(buf);
            }
        }
        return sum;
    }

    private boolean stillNeeded(BitSet s, int buf) {
        if (b.isOutput(buf)) {
            return true;
        }
        for (int c : b.consumers(buf)) {
            if (!s.get(c)) {
                return true;
            }
        }
        return false;
    }

    private long newBytes(BitSet s, int n) {
        if (b.isAlias(n)) {
            return 0;
        }
        int out = b.outputOf(n);
        if (b.mayRunInPlace(n)) {
            for (int in : b.inputsOf(n)) {
                if (!b.isInput(in)
                        && !b.isOutput(in)
                        && b.bytes(in) == b.bytes(out)
                        && onlyReader(s, in, n)) {
                    return 0;
                }
            }
        }
        return b.bytes(out);
    }

    private boolean onlyReader(BitSet s, int buf, int n) {
        for (int c : b.consumers(buf)) {
            if (c != n && !s.get(c)) {
                return false;
            }
        }
        return true;
    }
}
