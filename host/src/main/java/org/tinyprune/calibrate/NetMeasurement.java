package org.tinyprune.calibrate;

import java.util.List;

/**
 * Everything measured for one suite network, next to what the resource model needs to predict it.
 *
 * @param net suite name
 * @param zoo whether it is a whole zoo model (held out in turn)
 * @param layers its layers with features and measured cycles, in execution order (layers that run
 *     no code, such as a flatten, are absent)
 * @param runCycles median cycles of one whole inference ({@code infer} windows, {@code tp-window});
 *     includes the work between layers
 * @param flashImageBytes bytes of the flashed image
 * @param modelFlashBytes the resource model's flash of the model alone (weights, biases,
 *     requantisation parameters; no runtime)
 * @param constantBytes constant bytes the code generator emitted (should equal the above)
 * @param staticRamBytes .data + .bss the board reports
 * @param stackUsedBytes stack high-water mark after the runs
 * @param plannedArenaBytes the arena the code generator's memory planner laid out
 * @param modelArenaBytes the resource model's arena
 * @param inputBytes bytes of the model input (the server keeps a copy outside the arena)
 * @param modelObjectBytes flash bytes of the generated model's object in the linker map (constants,
 *     run function, parameter structs, layer names)
 */
public record NetMeasurement(
        String net,
        boolean zoo,
        List<LayerSample> layers,
        double runCycles,
        long flashImageBytes,
        double modelFlashBytes,
        long constantBytes,
        long staticRamBytes,
        long stackUsedBytes,
        long plannedArenaBytes,
        double modelArenaBytes,
        long inputBytes,
        long modelObjectBytes) {
    /** Copies the list. */
    public NetMeasurement {
        layers = List.copyOf(layers);
    }

    /** Sum of the per-layer cycles. */
    public double layerCycles() {
        return layers.stream().mapToDouble(LayerSample::cycles).sum();
    }

    /** The same measurement with other layer samples (recomputed features, say). */
    public NetMeasurement withLayers(List<LayerSample> samples) {
        return new NetMeasurement(
                net,
                zoo,
                samples,
                runCycles,
                flashImageBytes,
                modelFlashBytes,
                constantBytes,
                staticRamBytes,
                stackUsedBytes,
                plannedArenaBytes,
                modelArenaBytes,
                inputBytes,
                modelObjectBytes);
    }

    /** The cost-model op keys of the layers, in execution order. */
    public List<String> ops() {
        return layers.stream().map(LayerSample::op).toList();
    }

    /** The keys of the kernel code the layers link, in execution order. */
    public List<String> kernels() {
        return layers.stream().map(LayerSample::kernel).toList();
    }

    /** The layer names, in execution order. */
    public List<String> layerNames() {
        return layers.stream().map(LayerSample::layer).toList();
    }

    /** Measured SRAM: static RAM plus the stack actually used. */
    public long sramBytes() {
        return staticRamBytes + stackUsedBytes;
    }
}
