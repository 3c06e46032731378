package org.tinyprune.dsp;

import java.util.Arrays;

/**
 * The MFCC front end: turns one clip of mono audio into a {@code frames × coefficients} matrix of
 * mel-frequency cepstral coefficients, computed as TensorFlow's {@code tf.signal} computes them in
 * the MLPerf Tiny KWS reference.
 *
 * <ol>
 *   <li>Fit the clip to {@link MfccConfig#clipSamples()} (zero-pad at the end or keep the start)
 *       and, if configured, scale it to a peak magnitude of 1 (a silent clip stays silent).</li>
 *   <li>Cut frames of {@code frameLength} samples every {@code frameStep} samples (no padding at
 *       the end), multiply by the periodic Hann window {@code 0.5 - 0.5 cos(2 pi n / L)}, zero-pad
 *       to {@code fftLength} and transform.</li>
 *   <li>Take the magnitude {@code |X[k]|} of the {@code fftLength / 2 + 1} one-sided bins and
 *       warp them with the {@link MelFilterbank}.</li>
 *   <li>Take {@code ln(band + logOffset)}, then the DCT-II scaled as TensorFlow's
 *       {@code mfccs_from_log_mel_spectrograms} scales it:
 *       {@code c[j] = sqrt(2 / M) sum_m x[m] cos(pi j (2m + 1) / (2M))}, and keep the first
 *       {@code coefficients}.</li>
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
        filterbank = new MelFilterbank(config.melBands(), config.spectrumBins(),
                config.sampleRate(), config.lowerHz(), config.upperHz());
        int bands = config.melBands();
        dct = new double[config.coefficients()][bands];
        double scale = Math.sqrt(2.0 / bands);
        for (int j = 0; j < config.coefficients(); j++) {
            for (int m = 0; m < bands; m++) {
                dct[j][m] = scale * Math.cos(Math.PI * j * (2 * m + 1) / (2.0 * bands));
            }
        }
    }

    /** @return the parameters */
    public MfccConfig config() {
        return config;
    }

    /**
     * Computes the coefficients of one clip.
     *
     * @param samples mono samples, nominally in [-1, 1], at {@link MfccConfig#sampleRate()}; any
     *     length
     * @return {@link MfccConfig#featureSize()} values, frame after frame, {@code coefficients}
     *     per frame
     */
    public float[] compute(float[] samples) {
        double[] clip = fitToClip(samples);
        int frames = config.frames();
        int coefficients = config.coefficients();
        int n = config.fftLength();
        double[] re = new double[n];
        double[] im = new double[n];
        double[] magnitude = new double[config.spectrumBins()];
        double[] bands = new double[config.melBands()];
        float[] out = new float[frames * coefficients];
        for (int f = 0; f < frames; f++) {
            int start = f * config.frameStep();
            Arrays.fill(re, 0);
            Arrays.fill(im, 0);
            for (int i = 0; i < window.length; i++) {
                re[i] = clip[start + i] * window[i];
            }
            fft.transform(re, im);
            for (int k = 0; k < magnitude.length; k++) {
                magnitude[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
            }
            filterbank.apply(magnitude, bands);
            for (int m = 0; m < bands.length; m++) {
                bands[m] = Math.log(bands[m] + config.logOffset());
            }
            for (int j = 0; j < coefficients; j++) {
                double sum = 0;
                for (int m = 0; m < bands.length; m++) {
                    sum += dct[j][m] * bands[m];
                }
                out[f * coefficients + j] = (float) sum;
            }
        }
        return out;
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
