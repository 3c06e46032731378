package org.tinyprune.dsp;

/**
 * The parameters of the MFCC front end. {@link #MLPERF_TINY_KWS} is the MLPerf Tiny keyword
 * spotting setup: 16 kHz audio, 1 s clips, 30 ms frames (480 samples) every 20 ms (320 samples), a
 * 512-point FFT, 40 mel bands from 20 Hz to 4 kHz, the logarithm of the band magnitudes plus {@code
 * 1e-6}, and the first 10 DCT coefficients: 49 frames × 10 coefficients per clip. As in that
 * reference, each clip is first scaled so that its largest sample magnitude is 1.
 *
 * @param sampleRate samples per second the audio must have
 * @param clipSamples samples per clip; shorter clips are zero-padded at the end, longer ones keep
 *     their first {@code clipSamples} samples
 * @param frameLength samples per analysis frame (the Hann window's length)
 * @param frameStep samples between the starts of consecutive frames
 * @param fftLength FFT size, a power of two at least {@code frameLength}
 * @param melBands number of mel bands
 * @param lowerHz lower edge of the mel range
 * @param upperHz upper edge of the mel range, at most half the sample rate
 * @param coefficients number of DCT coefficients kept, at most {@code melBands}
 * @param logOffset added to every band magnitude before the logarithm (keeps silence finite)
 * @param peakNormalize whether each clip is scaled to a peak magnitude of 1 first
 */
public record MfccConfig(
        int sampleRate,
        int clipSamples,
        int frameLength,
        int frameStep,
        int fftLength,
        int melBands,
        double lowerHz,
        double upperHz,
        int coefficients,
        double logOffset,
        boolean peakNormalize) {

    /** The MLPerf Tiny KWS front end at 16 kHz: 49 × 10 coefficients per 1 s clip. */
    public static final MfccConfig MLPERF_TINY_KWS = keywordSpotting(16000);

    /**
     * Checks that the parameters can work together.
     *
     * @param sampleRate samples per second
     * @param clipSamples samples per clip
     * @param frameLength samples per frame
     * @param frameStep samples between frames
     * @param fftLength FFT size
     * @param melBands number of mel bands
     * @param lowerHz lower edge of the mel range
     * @param upperHz upper edge of the mel range
     * @param coefficients DCT coefficients kept
     * @param logOffset added before the logarithm
     * @param peakNormalize whether clips are scaled to peak 1
     * @throws IllegalArgumentException naming the first parameter that is out of range
     */
    public MfccConfig {
        require(sampleRate > 0, "sample rate " + sampleRate + " Hz must be positive");
        require(
                frameLength > 0 && frameStep > 0,
                "frame length " + frameLength + " and step " + frameStep + " must be positive");
        require(
                clipSamples >= frameLength,
                "clip of "
                        + clipSamples
                        + " samples is shorter"
                        + " than one frame of "
                        + frameLength);
        require(
                fftLength >= frameLength && Integer.bitCount(fftLength) == 1,
                "FFT length "
                        + fftLength
                        + " must be a power of two of at least the frame length "
                        + frameLength);
        require(
                melBands > 0 && coefficients > 0 && coefficients <= melBands,
                coefficients
                        + " coefficients from "
                        + melBands
                        + " mel bands: need 1 <= coefficients <="
                        + " bands");
        require(
                lowerHz >= 0 && lowerHz < upperHz && upperHz <= sampleRate / 2.0,
                "mel range "
                        + lowerHz
                        + ".."
                        + upperHz
                        + " Hz must lie within 0.."
                        + sampleRate / 2.0
                        + " Hz");
        require(logOffset > 0, "log offset " + logOffset + " must be positive");
    }

    /**
     * The MLPerf Tiny KWS front end at another sample rate: 1 s clips, 30 ms frames every 20 ms,
     * the next power-of-two FFT, 40 bands over 20 Hz..4 kHz, 10 coefficients.
     *
     * @param sampleRate samples per second, at least 8000 (the 4 kHz upper edge is the Nyquist
     *     frequency there)
     * @return the configuration
     */
    public static MfccConfig keywordSpotting(int sampleRate) {
        int frame = sampleRate * 30 / 1000;
        return new MfccConfig(
                sampleRate,
                sampleRate,
                frame,
                sampleRate * 20 / 1000,
                Fft.powerOfTwoAtLeast(frame),
                40,
                20.0,
                4000.0,
                10,
                1e-6,
                true);
    }

    /**
     * @return frames per clip, {@code 1 + (clipSamples - frameLength) / frameStep}
     */
    public int frames() {
        return 1 + (clipSamples - frameLength) / frameStep;
    }

    /**
     * @return bins of the one-sided spectrum, {@code fftLength / 2 + 1}
     */
    public int spectrumBins() {
        return fftLength / 2 + 1;
    }

    /**
     * @return values per clip, {@code frames() * coefficients}
     */
    public int featureSize() {
        return frames() * coefficients;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("MFCC configuration: " + problem);
        }
    }
}
