/**
 * Benchmarks. {@link org.tinyprune.bench.TrainSpeedBench} trains each zoo model with our engine
 * and, in the same run, PyTorch on the same architecture (described to it by {@link
 * org.tinyprune.bench.ArchitectureJson}), and reports samples/s side by side. {@link
 * org.tinyprune.bench.ParetoBench} runs every pruning method at every {@link
 * org.tinyprune.bench.ParetoPoint budget point} beside the unpruned base, once per seed, as its
 * {@link org.tinyprune.bench.ParetoSettings settings} say, and assembles the {@link
 * org.tinyprune.bench.ParetoResults Pareto fronts} (means and standard errors per {@link
 * org.tinyprune.bench.ParetoCell cell}, dnp's paired {@link org.tinyprune.bench.ParetoMargin
 * margin}) and the {@link org.tinyprune.bench.ParetoGoals goal verdicts}. {@link
 * org.tinyprune.bench.Int8SpeedBench} times int8 evaluation with the optimised kernels beside the
 * naive reference convolution and checks their outputs are identical.
 */
package org.tinyprune.bench;
