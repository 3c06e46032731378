/**
 * Measuring a model on a board: device inputs quantised exactly as the model's input tensor says
 * ({@link org.tinyprune.measure.DeviceSamples}), latency as the median of timed windows, per-layer
 * cycles, static RAM and stack high-water mark, on-device accuracy, and a bit-for-bit comparison of
 * every device output with the host int8 reference interpreter ({@link
 * org.tinyprune.measure.Measurement}); the figures go to {@code measure.json} ({@link
 * org.tinyprune.measure.MeasureReport}).
 */
package org.tinyprune.measure;
