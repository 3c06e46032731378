package org.tinyprune.link.bench;

/**
 * Cycles one layer took in a {@code tp-layers%} run.
 *
 * @param index position in execution order
 * @param name the layer's name from the generated model (traces back to the ONNX node)
 * @param cycles cycles (instruction counts on emulated boards)
 */
public record LayerCycles(int index, String name, long cycles) {}
