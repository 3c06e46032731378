/**
 * Calibration of a board's cost model: a suite of small benchmark networks (a grid over op type,
 * kernel, stride, channels and spatial size) and freshly initialised zoo models is quantised,
 * built, flashed and profiled layer by layer on the board; per-op latency coefficients are fitted
 * by non-negative least squares on the features of the one resource model ({@link
 * org.tinyprune.resource.ResourceModel#features}), the runtime's flash, static SRAM and stack
 * overheads are read off the builds, whole zoo models are held out to measure the error, and the
 * board profile is rewritten with the result.
 *
 * <p>Life cycle: {@link org.tinyprune.calibrate.BenchmarkSuite} (what to run) → {@link
 * org.tinyprune.calibrate.SuiteRunner} (measurements) → {@link org.tinyprune.calibrate.Calibration}
 * (fit, held-out check) → {@link org.tinyprune.calibrate.ProfileUpdate} (the new profile, written
 * atomically) and {@link org.tinyprune.calibrate.CalibrationReport} (JSON, Markdown, plots).
 */
package org.tinyprune.calibrate;
