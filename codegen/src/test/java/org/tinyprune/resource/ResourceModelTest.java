package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceModelTest {
    private static final Coefficients FREE = new Coefficients(Map.of(), 0, 0, 0);

    /** input 1×8×8 → conv 3×3 (var 0 channels) → maxpool 2 → flatten → dense 10. */
    static CostGraph chain() {
        List<CostGraph.TensorInfo> t = List.of(
                new CostGraph.TensorInfo("x", Channels.fixed(1), 8, 8, 1),
                new CostGraph.TensorInfo("conv", Channels.of(0), 8, 8, 1),
                new CostGraph.TensorInfo("pool", Channels.of(0), 4, 4, 1),
                new CostGraph.TensorInfo("flat", Channels.of(0), 4, 4, 1),
                new CostGraph.TensorInfo("fc", Channels.fixed(10), 1, 1, 1));
        List<CostLayer> l = List.of(
                new CostLayer("conv", CostOp.CONV, List.of(0), 1, 3, 3),
                new CostLayer("pool", CostOp.MAX_POOL, List.of(1), 2, 2, 2),
                new CostLayer("flat", CostOp.RESHAPE, List.of(2), 3, 1, 1),
                new CostLayer("fc", CostOp.DENSE, List.of(3), 4, 1, 1));
        return new CostGraph(t, l, 0, 4, 1);
    }

    @Test
    void handWorkedChain() {
        Estimate e = new ResourceModel(FREE).evaluate(chain(), new double[] {4});
        // conv 4×(1·9 + 12) = 84, dense 10×(64 + 12) = 760
        assertEquals(844, e.flashBytes());
        // conv 4·1·9·64 = 2304, dense 10·64 = 640
        assertEquals(2944, e.macs());
        // step 0: input 64 + conv out 256 + im2col scratch 4·10 = 360
        assertEquals(360, e.arenaBytes());
        assertEquals(0, e.peakStep());
        // d flash / d channels: conv 9 + 12, dense 10·16
        assertEquals(181, e.gradients()[Estimate.FLASH][0], 1e-9);
        assertEquals(9 * 64 + 10 * 16, e.gradients()[Estimate.MACS][0], 1e-9);
    }

    /** stem conv → (conv a → conv b) + stem → dense: the add writes over a dying input. */
    static CostGraph residual() {
        List<CostGraph.TensorInfo> t = List.of(
                new CostGraph.TensorInfo("x", Channels.fixed(2), 6, 6, 1),
                new CostGraph.TensorInfo("stem", Channels.of(0), 6, 6, 1),
                new CostGraph.TensorInfo("a", Channels.of(1), 6, 6, 1),
                new CostGraph.TensorInfo("b", Channels.of(0), 6, 6, 1),
                new CostGraph.TensorInfo("add", Channels.of(0), 6, 6, 1),
                new CostGraph.TensorInfo("gap", Channels.of(0), 1, 1, 1));
        List<CostLayer> l = List.of(
                new CostLayer("stem", CostOp.CONV_1X1, List.of(0), 1, 1, 1),
                new CostLayer("a", CostOp.CONV_1X1, List.of(1), 2, 1, 1),
                new CostLayer("b", CostOp.CONV_1X1, List.of(2), 3, 1, 1),
                new CostLayer("add", CostOp.ADD, List.of(1, 3), 4, 1, 1),
                new CostLayer("gap", CostOp.GLOBAL_AVG_POOL, List.of(4), 5, 1, 1));
        return new CostGraph(t, l, 0, 5, 2);
    }

    @Test
    void addWritesInPlaceAndPeakIsHandWorked() {
        Estimate e = new ResourceModel(FREE).evaluate(residual(), new double[] {4, 8});
        // step 2 (conv b): stem 144 + a 288 + b 144 + scratch 4·8 = 608; step 3 (add, in place): 288
        assertEquals(608, e.arenaBytes());
        assertEquals(2, e.peakStep());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Coefficients c = Coefficients.prior();
        ResourceModel m = new ResourceModel(c);
        CostGraph g = residual();
        double[] x = {5.3, 11.7};
        Estimate e = m.evaluate(g, x);
        for (int r : new int[] {Estimate.FLASH, Estimate.LATENCY, Estimate.MACS}) {
            for (int v = 0; v < 2; v++) {
                double h = 1e-3;
                double[] hi = x.clone();
                double[] lo = x.clone();
                hi[v] += h;
                lo[v] -= h;
                double fd = (m.evaluate(g, hi).totals()[r] - m.evaluate(g, lo).totals()[r]) / (2 * h);
                assertEquals(fd, e.gradients()[r][v], 1e-6 * Math.max(1, Math.abs(fd)), "resource " + r + " var " + v);
            }
        }
    }

    @Test
    void sramGradientIsThePeakStepsWhenThePeakStandsAlone() {
        Estimate e = new ResourceModel(FREE).evaluate(residual(), new double[] {4, 8});
        // at step 2 the live tensors are stem (var0 ×36), a (var1 ×36), b (var0 ×36) and scratch (4 per var1)
        assertArrayEquals(new double[] {72, 40}, e.gradients()[Estimate.SRAM], 1e-3);
    }
}
