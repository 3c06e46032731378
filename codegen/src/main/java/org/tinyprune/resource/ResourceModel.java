package org.tinyprune.resource;

import java.util.List;

/**
 * Prices a {@link CostGraph} at given channel counts. The values are exact for the counts given
 * (integer or not); the gradients are exact for flash, MACs and latency, and those of a smooth
 * maximum over execution steps for the arena, so the pruner can trade channels between the layers
 * that set the peak and those that nearly do.
 *
 * <p>Flash: int8 weights plus {@value #PER_CHANNEL_BYTES} bytes per output channel (int32 bias,
 * int32 requantisation multiplier, int32 shift) for every layer with weights, plus the runtime.
 * Arena: each tensor lives from the step that writes it to the last step that reads it (the output
 * to the end); a reshape aliases its input; an add writes into an input that dies there; a conv's
 * im2col scratch lives during its own step. SRAM = arena + the benchmark server's copy of the input
 * (kept outside the arena, which may overwrite the input) + runtime static + stack.
 */
public final class ResourceModel {
    /** Flash bytes per output channel of a layer with weights. */
    public static final int PER_CHANNEL_BYTES = 12;
    private static final double SMOOTH_FRACTION = 0.02;

    private final Coefficients coefficients;

    /** A model with the given board coefficients. */
    public ResourceModel(Coefficients coefficients) {
        this.coefficients = coefficients;
    }

    /** The board coefficients. */
    public Coefficients coefficients() {
        return coefficients;
    }

    /** Evaluates {@code graph} at channel variables {@code counts}. */
    public Estimate evaluate(CostGraph graph, double[] counts) {
        int vars = graph.variables();
        double[][] grad = new double[4][vars];
        List<CostLayer> layers = graph.layers();
        double[] layerCycles = new double[layers.size()];
        double flash = coefficients.runtimeFlashBytes();
        double macs = 0;
        double latency = 0;
        double[] scratch = new double[layers.size()];
        double[][] scratchGrad = new double[layers.size()][vars];
        for (int t = 0; t < layers.size(); t++) {
            LayerPrice p = LayerPrice.of(graph, layers.get(t), counts);
            flash += p.flash;
            macs += p.macs;
            p.flashTerms.backprop(1, grad[Estimate.FLASH]);
            p.macTerms.backprop(1, grad[Estimate.MACS]);
            double[] c = coefficients.of(layers.get(t).op());
            double[] f = p.features;
            layerCycles[t] = c[0] * f[0] + c[1] * f[1] + c[2] * f[2] + c[3] * f[3];
            latency += layerCycles[t];
            p.macTerms.backprop(c[Features.MACS], grad[Estimate.LATENCY]);
            p.outputTerms.backprop(c[Features.OUTPUT], grad[Estimate.LATENCY]);
            p.inputTerms.backprop(c[Features.INPUT], grad[Estimate.LATENCY]);
            scratch[t] = p.scratch;
            p.scratchTerms.backprop(1, scratchGrad[t]);
        }
        Arena arena = Arena.of(graph, counts, scratch, scratchGrad);
        double[] arenaGrad = arena.smoothGradient(SMOOTH_FRACTION);
        System.arraycopy(arenaGrad, 0, grad[Estimate.SRAM], 0, vars);
        CostGraph.TensorInfo input = graph.tensors().get(graph.input());
        double sram = arena.peak() + input.bytes(counts) + coefficients.runtimeSramBytes() + coefficients.stackBytes();
        return new Estimate(flash, sram, arena.peak(), macs, latency, layerCycles, arena.peakStep(), grad);
    }
}
