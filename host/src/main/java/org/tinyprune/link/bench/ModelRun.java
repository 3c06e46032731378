package org.tinyprune.link.bench;

/**
 * One untimed-window run from {@code tp-run%}: its cycles and the raw int8 output.
 *
 * @param cycles cycles of the run (instruction counts on emulated boards)
 * @param output int8 logits as the model wrote them
 */
public record ModelRun(long cycles, byte[] output) {}
