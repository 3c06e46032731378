/**
 * Benchmarks against external anchors. {@link org.tinyprune.bench.TrainSpeedBench} trains each
 * zoo model with our engine and, in the same run, PyTorch on the same architecture (described to
 * it by {@link org.tinyprune.bench.ArchitectureJson}), and reports samples/s side by side.
 */
package org.tinyprune.bench;
