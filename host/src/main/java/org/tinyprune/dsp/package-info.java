/**
 * Signal processing for audio inputs: the keyword-spotting front end that turns one second of
 * speech into the 49 × 10 MFCC image the MLPerf Tiny KWS model reads.
 *
 * <p>Pipeline, one class per step: {@link org.tinyprune.dsp.MfccConfig} holds the parameters
 * (sample rate, frame length and stride, FFT size, mel band count and range, coefficient count);
 * {@link org.tinyprune.dsp.Mfcc} frames the clip, applies a periodic Hann window, transforms each
 * frame with the radix-2 {@link org.tinyprune.dsp.Fft}, takes the magnitude spectrum, warps it with
 * the triangular {@link org.tinyprune.dsp.MelFilterbank}, takes the logarithm and keeps the first
 * coefficients of a DCT-II. The definitions follow TensorFlow's {@code tf.signal} as used by the
 * MLPerf Tiny reference training script, so features computed here match that reference.
 *
 * <p>Everything here is pure arithmetic on arrays: no files, no exceptions other than {@link
 * java.lang.IllegalArgumentException} for parameters that cannot work.
 */
package org.tinyprune.dsp;
