package org.tinyprune.dsp;

import java.util.Arrays;

/**
 * Triangular mel filters that map a linear-frequency magnitude spectrum to mel bands, defined as
 * TensorFlow's {@code tf.signal.linear_to_mel_weight_matrix} defines them (the matrix the MLPerf
 * Tiny KWS reference uses).
 *
 * <p>The mel scale is HTK's, {@code mel(f) = 1127 ln(1 + f / 700)}. The spectrum's {@code B} bins
 * sit at {@code k * (sampleRate / 2) / (B - 1)} Hz; bin 0 (DC) gets no weight. The band edges are
 * {@code M + 2} points spaced evenly in mel from {@code mel(lowerHz)} to {@code mel(upperHz)}; band
 * {@code m} rises linearly in mel from edge {@code m} to a peak of 1 at edge {@code m + 1} and
 * falls to 0 at edge {@code m + 2}. Weights are not area-normalised.
 */
public final class MelFilterbank {

    private static final double MEL_BREAK_HZ = 700.0;
    private static final double MEL_HIGH_Q = 1127.0;

    private final int spectrumBins;
    private final double[] edgesMel;

    /** First spectrum bin with a non-zero weight in each band. */
    private final int[] first;

    /** The non-zero weights of each band, starting at {@code first}. */
    private final double[][] weights;

    /**
     * Builds the filters.
     *
     * @param bands number of mel bands, at least 1
     * @param spectrumBins bins of the one-sided spectrum, {@code fftLength / 2 + 1}, at least 2
     * @param sampleRate samples per second of the signal
     * @param lowerHz lower edge of the lowest band, at least 0
     * @param upperHz upper edge of the highest band, above {@code lowerHz}, at most the Nyquist
     *     frequency {@code sampleRate / 2}
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public MelFilterbank(
            int bands, int spectrumBins, int sampleRate, double lowerHz, double upperHz) {
        double nyquist = sampleRate / 2.0;
        if (bands < 1 || spectrumBins < 2 || sampleRate <= 0) {
            throw new IllegalArgumentException(
                    bands
                            + " mel bands over "
                            + spectrumBins
                            + " spectrum bins at "
                            + sampleRate
                            + " Hz: need at least 1 band, 2 bins"
                            + " and a positive sample rate");
        }
        if (!(lowerHz >= 0 && lowerHz < upperHz && upperHz <= nyquist)) {
            throw new IllegalArgumentException(
                    "mel range "
                            + lowerHz
                            + ".."
                            + upperHz
                            + " Hz must satisfy 0 <= lower < upper <= "
                            + nyquist
                            + " Hz (half the sample rate)");
        }
        this.spectrumBins = spectrumBins;
        double lowMel = hertzToMel(lowerHz);
        double highMel = hertzToMel(upperHz);
        edgesMel = new double[bands + 2];
        for (int e = 0; e < edgesMel.length; e++) {
            edgesMel[e] = lowMel + (highMel - lowMel) * e / (bands + 1);
        }
        first = new int[bands];
        weights = new double[bands][];
        double[] dense = new double[spectrumBins];
        for (int m = 0; m < bands; m++) {
            int lo = spectrumBins;
            int hi = -1;
            for (int k = 1; k < spectrumBins; k++) {
                double mel = hertzToMel(k * nyquist / (spectrumBins - 1));
                double rising = (mel - edgesMel[m]) / (edgesMel[m + 1] - edgesMel[m]);
                double falling = (edgesMel[m + 2] - mel) / (edgesMel[m + 2] - edgesMel[m + 1]);
                dense[k] = Math.max(0, Math.min(rising, falling));
                if (dense[k] > 0) {
                    lo = Math.min(lo, k);
                    hi = k;
                }
            }
            first[m] = hi < 0 ? 0 : lo;
            weights[m] = hi < 0 ? new double[0] : Arrays.copyOfRange(dense, lo, hi + 1);
        }
    }

    /**
     * @param hertz a frequency in Hz
     * @return the same frequency on HTK's mel scale
     */
    public static double hertzToMel(double hertz) {
        return MEL_HIGH_Q * Math.log1p(hertz / MEL_BREAK_HZ);
    }

    /**
     * @param mel a frequency on HTK's mel scale
     * @return the same frequency in Hz
     */
    public static double melToHertz(double mel) {
        return MEL_BREAK_HZ * Math.expm1(mel / MEL_HIGH_Q);
    }

    /**
     * @return number of mel bands
     */
    public int bands() {
        return weights.length;
    }

    /**
     * @param band a band index
     * @return the band's centre (its peak) in Hz
     */
    public double centreHz(int band) {
        return melToHertz(edgesMel[band + 1]);
    }

    /**
     * @param band a band index
     * @param bin a spectrum bin
     * @return the weight of that bin in that band, in [0, 1]
     */
    public double weight(int band, int bin) {
        int k = bin - first[band];
        return k >= 0 && k < weights[band].length ? weights[band][k] : 0;
    }

    /**
     * Applies the filters to one spectrum.
     *
     * @param spectrum {@code spectrumBins} magnitudes
     * @param out receives {@link #bands()} band energies
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public void apply(double[] spectrum, double[] out) {
        if (spectrum.length < spectrumBins || out.length < weights.length) {
            throw new IllegalArgumentException(
                    "mel filterbank of "
                            + weights.length
                            + " bands"
                            + " over "
                            + spectrumBins
                            + " bins got "
                            + spectrum.length
                            + " bins and room"
                            + " for "
                            + out.length
                            + " bands");
        }
        for (int m = 0; m < weights.length; m++) {
            double[] w = weights[m];
            int k0 = first[m];
            double sum = 0;
            for (int k = 0; k < w.length; k++) {
                sum += w[k] * spectrum[k0 + k];
            }
            out[m] = sum;
        }
    }
}
