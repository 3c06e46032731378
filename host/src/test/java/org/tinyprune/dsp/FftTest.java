package org.tinyprune.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {

    /** The DFT straight from its definition, O(n^2). */
    private static double[][] naiveDft(double[] re, double[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * ((long) k * t % n) / n;
                out[0][k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                out[1][k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
        }
        return out;
    }

    @Test
    void matchesTheNaiveDftOnRandomComplexInputs() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 4, 8, 16, 64, 512, 1024}) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = random.nextDouble(-1, 1);
                im[i] = random.nextDouble(-1, 1);
            }
            double[][] expected = naiveDft(re, im);
            new Fft(n).transform(re, im);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[0][k], re[k], 1e-10 * n, "re, n=" + n + " k=" + k);
                assertEquals(expected[1][k], im[k], 1e-10 * n, "im, n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void aCosineOnABinGivesTwoLinesOfHalfTheLength() {
        int n = 64;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int t = 0; t < n; t++) {
            re[t] = Math.cos(2 * Math.PI * 5 * t / n);
        }
        new Fft(n).transform(re, im);
        for (int k = 0; k < n; k++) {
            double expected = k == 5 || k == n - 5 ? n / 2.0 : 0;
            assertEquals(expected, Math.hypot(re[k], im[k]), 1e-9, "bin " + k);
        }
    }

    @Test
    void sizesAreChecked() {
        String m = assertThrows(IllegalArgumentException.class, () -> new Fft(480)).getMessage();
        assertTrue(m.contains("480 is not a power of two; zero-pad the frame to 512"), m);
        assertThrows(IllegalArgumentException.class, () -> new Fft(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fft(8).transform(new double[8], new double[4]));
        assertEquals(512, Fft.powerOfTwoAtLeast(480));
        assertEquals(512, Fft.powerOfTwoAtLeast(512));
        assertEquals(1, Fft.powerOfTwoAtLeast(1));
        assertEquals(1024, Fft.powerOfTwoAtLeast(513));
    }
}
