package org.tinyprune.dsp;

import java.util.Arrays;

/**
 * The MFCC front end: turns one clip of mono audio into a {@code frames × coefficients} matrix of
 * mel-frequency cepstral coefficients, computed as TensorFlow's {@code tf.signal} computes them in
 * the MLPerf Tiny KWS reference.
 *
 * <ol>
 *   <li>Fit the clip to {@link MfccConfig#clipSamples()} (zero-pad at the end or keep the start)
 *       and, if configured, scale it to a peak magnitude of 1 (a silent clip stays silent).
 *   <li>Cut frames of {@code frameLength} samples every {@code frameStep} samples (no padding at
 *       the end), multiply by the periodic Hann window {@code 0.5 - 0.5 cos(2 pi n / L)}, zero-pad
 *       to {@code fftLength} and transform (two frames per complex FFT, one as its real and one as
 *       its imaginary part, which halves the work and gives the same spectra).
 *   <li>Take the magnitude {@code |X[k]|} of the {@code fftLength / 2 + 1} one-sided bins and warp
 *       them with the {@link MelFilterbank}.
 *   <li>Take {@code ln(band + logOffset)}, then the DCT-II scaled as TensorFlow's {@code
 *       mfccs_from_log_mel_spectrograms} scales it: {@code c[j] = sqrt(2 / M) sum_m x[m] cos(pi j
 *       (2m + 1) / (2M))}, and keep the first {@code coefficients}.
 * </ol>
 *
 * <p>An instance precomputes the window, the filters and the cosine table; {@link #compute} keeps
 * its scratch arrays local, so one instance may be shared between threads.
 */
public final class Mfcc {

    private final MfccConfig config;
    private final Fft fft;
    private final double[] window;
    private final MelFilterbank filterbank;
    private final double[][] dct;

    /**
     * Prepares the front end.
     *
     * @param config the parameters
     */
    public Mfcc(MfccConfig config) {
        this.config = config;
        fft = new Fft(config.fftLength());
        int length = config.frameLength();
        window = new double[length];
        for (int n = 0; n < length; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
        }
        filterbank =
                new MelFilterbank(
                        config.melBands(),
                        config.spectrumBins(),
                        config.sampleRate(),
                        config.lowerHz(),
                        config.upperHz());
        int bands = config.melBands();
        dct = new double[config.coefficients()][bands];
        double scale = Math.sqrt(2.0 / bands);
        for (int j = 0; j < config.coefficients(); j++) {
            for (int m = 0; m < bands; m++) {
                dct[j][m] = scale * Math.cos(Math.PI * j * (2 * m + 1) / (2.0 * bands));
            }
        }
    }

    /**
     * @return the parameters
     */
    public MfccConfig config() {
        return config;
    }

    /**
     * Computes the coefficients of one clip.
     *
     * @param samples mono samples, nominally in [-1, 1], at {@link MfccConfig#sampleRate()}; any
     *     length
     * @return {@link MfccConfig#featureSize()} values, frame after frame, {@code coefficients} per
     *     frame
     */
    public float[] compute(float[] samples) {
        double[] clip = fitToClip(samples);
        int frames = config.frames();
        int n = config.fftLength();
        double[] re = new double[n];
        double[] im = new double[n];
        double[] first = new double[config.spectrumBins()];
        double[] second = new double[config.spectrumBins()];
        float[] out = new float[frames * config.coefficients()];
        for (int f = 0; f < frames; f += 2) {
            // Two real frames share one complex FFT: frame f as the real part, f + 1 as the
            // imaginary part; their spectra are the even and odd parts of the result.
            window(clip, f, re);
            window(clip, f + 1 < frames ? f + 1 : -1, im);
            fft.transform(re, im);
            for (int k = 0; k < first.length; k++) {
                int mirror = (n - k) % n;
                double sumRe = re[k] + re[mirror];
                double difRe = re[k] - re[mirror];
                double sumIm = im[k] + im[mirror];
                double difIm = im[k] - im[mirror];
                first[k] = 0.5 * Math.sqrt(sumRe * sumRe + difIm * difIm);
                second[k] = 0.5 * Math.sqrt(sumIm * sumIm + difRe * difRe);
            }
            cepstrum(first, out, f);
            if (f + 1 < frames) {
                cepstrum(second, out, f + 1);
            }
        }
        return out;
    }

    /** Writes frame {@code f}, windowed and zero-padded, into {@code dst}; zeros if f is -1. */
    private void window(double[] clip, int f, double[] dst) {
        Arrays.fill(dst, 0);
        if (f < 0) {
            return;
        }
        int start = f * config.frameStep();
        for (int i = 0; i < window.length; i++) {
            dst[i] = clip[start + i] * window[i];
        }
    }

    /** Mel bands, logarithm and DCT of one frame's magnitude spectrum, into row {@code f}. */
    private void cepstrum(double[] magnitude, float[] out, int f) {
        double[] bands = new double[config.melBands()];
        filterbank.apply(magnitude, bands);
        for (int m = 0; m < bands.length; m++) {
            bands[m] = Math.log(bands[m] + config.logOffset());
        }
        int coefficients = config.coefficients();
        for (int j = 0; j < coefficients; j++) {
            double sum = 0;
            for (int m = 0; m < bands.length; m++) {
                sum += dct[j][m] * bands[m];
            }
            out[f * coefficients + j] = (float) sum;
        }
    }

    /**
     * Pads or crops to the clip length and applies the peak normalisation.
     *
     * @param samples the raw samples
     * @return {@link MfccConfig#clipSamples()} samples
     */
    double[] fitToClip(float[] samples) {
        double[] clip = new double[config.clipSamples()];
        int n = Math.min(samples.length, clip.length);
        double peak = 0;
        for (int i = 0; i < n; i++) {
            clip[i] = samples[i];
            peak = Math.max(peak, Math.abs(clip[i]));
        }
        if (config.peakNormalize() && peak > 0) {
            for (int i = 0; i < n; i++) {
                clip[i] /= peak;
            }
        }
        return clip;
    }
}
