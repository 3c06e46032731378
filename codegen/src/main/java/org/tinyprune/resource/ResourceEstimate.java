package org.tinyprune.resource;

import java.util.List;

/**
 * A resource model evaluation: totals with gradients over the channel variables, and the per-layer
 * breakdown.
 *
 * @param flashBytes model constants + runtime flash + each layer's code + the kernels the layers
 *     link
 * @param constantBytes model constants only (weights, biases, multipliers, shifts)
 * @param arenaBytes the planned arena (activations and scratch, laid out as the memory planner lays
 *     them out)
 * @param sramBytes arena + stack (base + per layer) + runtime static SRAM (+ the server's input
 *     copy when {@link Overheads#inputCopy()})
 * @param macs multiply-accumulates per inference
 * @param latencyCycles predicted cycles (sum over layers with coefficients)
 * @param layers per-layer figures in execution order
 * @param unpredicted layers whose op has no latency coefficients (counted as 0 cycles)
 * @param stackBytes the predicted stack high-water mark (base + per layer + interrupt frame), part
 *     of {@code sramBytes}
 */
public record ResourceEstimate(
        Dual flashBytes,
        Dual constantBytes,
        Dual arenaBytes,
        Dual sramBytes,
        Dual macs,
        Dual latencyCycles,
        List<Layer> layers,
        List<String> unpredicted,
        double stackBytes) {
    /** Copies the lists. */
    public ResourceEstimate {
        layers = List.copyOf(layers);
        unpredicted = List.copyOf(unpredicted);
    }

    /**
     * One layer's figures.
     *
     * @param node IR node name
     * @param opKey cost-model key, or null
     * @param macs multiply-accumulates
     * @param cycles predicted cycles (0 when unpredicted)
     * @param constantBytes bytes of its const arrays
     */
    public record Layer(
            String node, String opKey, double macs, double cycles, double constantBytes) {}
}
