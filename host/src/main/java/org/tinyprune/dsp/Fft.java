package org.tinyprune.dsp;

/**
 * An in-place complex fast Fourier transform of one power-of-two size (iterative radix-2,
 * decimation in time): {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}, no scaling.
 *
 * <p>The bit-reversal permutation and the twiddle factors are computed once per instance, so one
 * instance serves every frame of a spectrogram. Instances are immutable and thread-safe.
 */
public final class Fft {

    private final int size;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    /**
     * Prepares a transform.
     *
     * @param size the transform length, a power of two (1 is allowed)
     * @throws IllegalArgumentException if {@code size} is not a positive power of two
     */
    public Fft(int size) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(
                    "FFT size "
                            + size
                            + " is not a power of two;"
                            + " zero-pad the frame to "
                            + powerOfTwoAtLeast(Math.max(1, size)));
        }
        this.size = size;
        int bits = Integer.numberOfTrailingZeros(size);
        reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            double angle = -2 * Math.PI * k / size;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    /**
     * @param n a positive length
     * @return the smallest power of two that is at least {@code n}
     */
    public static int powerOfTwoAtLeast(int n) {
        if (n <= 0 || n > 1 << 30) {
            throw new IllegalArgumentException("length " + n + " must lie in [1, 2^30]");
        }
        return n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * @return the transform length
     */
    public int size() {
        return size;
    }

    /**
     * Transforms in place.
     *
     * @param re real parts, length {@link #size()}; replaced by the real parts of the spectrum
     * @param im imaginary parts, length {@link #size()}; replaced likewise
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public void transform(double[] re, double[] im) {
        if (re.length != size || im.length != size) {
            throw new IllegalArgumentException(
                    "FFT of size "
                            + size
                            + " got arrays of "
                            + re.length
                            + " and "
                            + im.length
                            + " elements");
        }
        for (int i = 0; i < size; i++) {
            int j = reversed[i];
            if (j > i) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
        for (int half = 1; half < size; half <<= 1) {
            int stride = size / (2 * half);
            for (int start = 0; start < size; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    int a = start + k;
                    int b = a + half;
                    double wr = cos[k * stride];
                    double wi = sin[k * stride];
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private static void swap(double[] v, int i, int j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}
