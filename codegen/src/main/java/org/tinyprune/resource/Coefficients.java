package org.tinyprune.resource;

import java.util.EnumMap;
import java.util.Map;

/**
 * The board-specific numbers of the resource model: latency per op as a linear function of
 * features, and the fixed overheads of the runtime.
 *
 * @param latency           per op: cycles per MAC, per output element, per input element, and a
 *                          constant per layer (the order of {@link Features})
 * @param runtimeFlashBytes flash of runtime, startup and server besides the model's constants
 * @param runtimeSramBytes  static SRAM of everything except the model's arena
 * @param stackBytes        stack the runtime and kernels use
 */
public record Coefficients(Map<CostOp, double[]> latency, double runtimeFlashBytes, double runtimeSramBytes,
                           double stackBytes) {
    /** Canonical constructor: copies the map. */
    public Coefficients {
        latency = Map.copyOf(latency);
    }

    /** Coefficients of {@code op}; an op without any costs nothing. */
    public double[] of(CostOp op) {
        return latency.getOrDefault(op, new double[4]);
    }

    /**
     * The coefficients of a board profile's cost model; ops the profile has not calibrated take
     * the {@link #prior()} values.
     */
    public static Coefficients of(org.tinyprune.board.proto.BoardProfile profile) {
        org.tinyprune.board.proto.CostModel cm = profile.getCostModel();
        Map<CostOp, double[]> m = new EnumMap<>(prior().latency());
        for (CostOp op : CostOp.values()) {
            org.tinyprune.board.proto.OpCost c = cm.getOpsMap().get(op.key());
            if (c != null) {
                m.put(op, new double[] {c.getPerMac(), c.getPerOutputElement(), c.getPerInputElement(), c.getConstant()});
            }
        }
        return new Coefficients(m, cm.getRuntimeFlashBytes(), cm.getRuntimeSramBytes(), cm.getStackBytes());
    }

    /**
     * Uncalibrated priors for an in-order Cortex-M core running the int8 kernels: used until a board
     * is calibrated, and never presented as measured.
     */
    public static Coefficients prior() {
        Map<CostOp, double[]> m = new EnumMap<>(CostOp.class);
        m.put(CostOp.CONV, new double[] {1.5, 12, 0, 400});
        m.put(CostOp.CONV_1X1, new double[] {1.3, 12, 0, 400});
        m.put(CostOp.DEPTHWISE, new double[] {3, 10, 0, 400});
        m.put(CostOp.DENSE, new double[] {1.5, 20, 0, 300});
        m.put(CostOp.MAX_POOL, new double[] {0, 6, 3, 200});
        m.put(CostOp.AVG_POOL, new double[] {0, 12, 3, 200});
        m.put(CostOp.GLOBAL_AVG_POOL, new double[] {0, 40, 3, 200});
        m.put(CostOp.ADD, new double[] {0, 14, 0, 200});
        m.put(CostOp.CONCAT, new double[] {0, 2, 0, 200});
        return new Coefficients(m, 12 * 1024, 2 * 1024, 2 * 1024);
    }
}
