/**
 * A host that drives tinyprune firmware the way the MLPerf Tiny benchmark runner (mlcommons/tiny,
 * {@code benchmark/runner}) does, to check that stock tooling gets the right answers: {@link
 * org.tinyprune.link.mlperf.RunnerDut} sends the runner's commands and parses replies with its
 * rules (no CRC, no retries), {@link org.tinyprune.link.mlperf.RunnerScoring} turns them into its
 * figures: accuracy mode's Top-1 (each results vector divided by its sum, the majority class per
 * file, the argmax of the file's mean vector) and performance mode's median throughput (runs per
 * second between the two {@code m-lap-us-} lines of each window).
 *
 * <p>Facts taken from the runner: {@code m-name-dut-[NAME]}, {@code m-model-[ID]} and {@code
 * m-profile-[...]} lines; the test script is chosen by the model id; inputs are loaded with {@code
 * db load N} and {@code db HEX} of at most 31 bytes; {@code infer N W} always names W; {@code
 * m-results-[v,...]} and {@code m-lap-us-N} (first lap = start, second = end); a performance run is
 * valid for submission with exactly 5 windows lasting at least 10 s in all.
 */
package org.tinyprune.link.mlperf;
