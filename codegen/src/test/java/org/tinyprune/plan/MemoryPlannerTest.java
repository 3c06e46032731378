package org.tinyprune.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;

class MemoryPlannerTest {
    @Test
    void chainPeakIsLargestAdjacentPair() {
        PlanGraphs g = new PlanGraphs("x", 4); // 16 B
        String a = g.conv("x", 8); // 32 B
        String b = g.conv(a, 2); // 8 B
        MemoryPlan p = new MemoryPlanner().plan(g.build(b));
        assertEquals(48, p.lowerBoundBytes()); // x + a
        assertEquals(48, p.arenaBytes());
        assertEquals(p.offsetOf("x"), p.offsetOf(b)); // b reuses x's space
    }

    @Test
    void residualAddRunsInPlaceOnTheDyingBranch() {
        PlanGraphs g = new PlanGraphs("x", 4);
        String a = g.conv("x", 4);
        String b = g.conv(a, 4);
        String y = g.add("x", b);
        MemoryPlan p = new MemoryPlanner().plan(g.build(y));
        // step conv2 holds x, a, b = 48 B; the add writes over b (x is the caller's input, kept)
        assertEquals(48, p.lowerBoundBytes());
        assertEquals(48, p.arenaBytes());
        assertEquals(p.offsetOf(b), p.offsetOf(y));
        assertArrayEquals(new int[] {32, 48, 32}, p.schedule().liveBytes());
    }

    @Test
    void concatBranchesAreFinishedOneAtATime() {
        PlanGraphs g = new PlanGraphs("x", 1); // 4 B
        String a1 = g.conv("x", 100); // 400 B
        String b1 = g.conv("x", 100);
        String a2 = g.conv(a1, 1);
        String b2 = g.conv(b1, 1);
        String c = g.concat(a2, b2);
        MemoryPlan p = new MemoryPlanner().plan(g.build(c));
        assertEquals(804, p.givenOrderPeakBytes()); // a1 and b1 live together in the written order
        assertEquals(408, p.lowerBoundBytes()); // x + a1 + a2, then x + a2 + b1, ...
        assertEquals(408, p.arenaBytes());
    }

    @Test
    void searchMatchesBruteForceOverAllOrders() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            Graph g = PlanGraphs.random(rnd, 3 + rnd.nextInt(4));
            Buffers b = new Buffers(g);
            int best = bruteForce(b, new ArrayList<>(), new boolean[b.nodeCount()]);
            assertEquals(best, new MinPeakOrder().order(b).peakBytes(), g.toString());
        }
    }

    @Test
    void offsetsNeverOverlapForOverlappingLifetimes() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 100; trial++) {
            Graph g = PlanGraphs.random(rnd, 2 + rnd.nextInt(8));
            MemoryPlan p = new MemoryPlanner().plan(g);
            Schedule s = p.schedule();
            Buffers b = s.buffers();
            List<int[]> slots = new ArrayList<>(); // {offset, bytes, first, last}
            for (int i = 0; i < b.count(); i++) {
                if (s.slotOf(i) == i) {
                    int[] r = s.slotRange(i);
                    slots.add(new int[] {offsetOfBuffer(p, g, b, i), b.bytes(i), r[0], r[1]});
                }
            }
            assertTrue(p.arenaBytes() >= p.lowerBoundBytes());
            for (int[] x : slots) {
                assertTrue(x[0] >= 0 && x[0] + x[1] <= p.arenaBytes());
                for (int[] y : slots) {
                    boolean time = x[2] <= y[3] && y[2] <= x[3];
                    boolean space = x[0] < y[0] + y[1] && y[0] < x[0] + x[1];
                    assertTrue(x == y || !(time && space), g.toString());
                }
            }
        }
    }

    /**
     * Where the greedy placement cannot reach the lower bound, the resource model prices the placed
     * arena (what the generated code allocates), not the lower bound.
     */
    @Test
    void resourceModelPricesALooseArenaAsPlaced() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            Graph g = PlanGraphs.random(rnd, 2 + rnd.nextInt(8));
            MemoryPlan p = new MemoryPlanner().plan(g);
            if (p.arenaBytes() > p.lowerBoundBytes()) {
                double priced =
                        org.tinyprune.resource.ResourceModel.of(
                                        p, org.tinyprune.resource.Overheads.NONE)
                                .evaluate()
                                .arenaBytes()
                                .value();
                assertEquals(p.arenaBytes(), priced, 0.0, g.toString());
                return;
            }
        }
        throw new AssertionError("no random graph with a placement above its lower bound");
    }

    @Test
    void greedyPlannerKeepsRandomIntervalsApart() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            GreedyPlanner gp = new GreedyPlanner();
            int n = 1 + rnd.nextInt(15);
            int[][] iv = new int[n][];
            for (int i = 0; i < n; i++) {
                int f = rnd.nextInt(10);
                iv[i] = new int[] {4 * (1 + rnd.nextInt(50)), f, f + rnd.nextInt(5)};
                gp.addBuffer(iv[i][0], iv[i][1], iv[i][2]);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(0, gp.offset(i) % GreedyPlanner.ALIGN);
                for (int j = 0; j < i; j++) {
                    boolean time = iv[i][1] <= iv[j][2] && iv[j][1] <= iv[i][2];
                    boolean space =
                            gp.offset(i) < gp.offset(j) + iv[j][0]
                                    && gp.offset(j) < gp.offset(i) + iv[i][0];
                    assertTrue(!(time && space));
                }
            }
        }
    }

    @Test
    void linearPlannerIsTheSumOfSizes() {
        LinearPlanner lp = new LinearPlanner();
        lp.addBuffer(12, 0, 0);
        lp.addBuffer(20, 0, 0);
        assertEquals(12, lp.offset(1));
        assertEquals(32, lp.totalBytes());
    }

    private static int offsetOfBuffer(MemoryPlan p, Graph g, Buffers b, int buffer) {
        for (String t : p.tensorOffsets().keySet()) {
            if (b.bufferOf(t) == buffer) {
                return p.offsetOf(t);
            }
        }
        throw new AssertionError("buffer " + buffer + " has no tensor");
    }

    private static int bruteForce(Buffers b, List<Integer> prefix, boolean[] done) {
        if (prefix.size() == b.nodeCount()) {
            return Schedule.of(b, prefix.stream().mapToInt(Integer::intValue).toArray())
                    .peakBytes();
        }
        int best = Integer.MAX_VALUE;
        for (int n = 0; n < b.nodeCount(); n++) {
            boolean ready = !done[n];
            for (int in : b.inputsOf(n)) {
                ready &= b.producer(in) < 0 || done[b.producer(in)];
            }
            if (ready) {
                done[n] = true;
                prefix.add(n);
                best = Math.min(best, bruteForce(b, prefix, done));
                prefix.remove(prefix.size() - 1);
                done[n] = false;
            }
        }
        return best;
    }
}
