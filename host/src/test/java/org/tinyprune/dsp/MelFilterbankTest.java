package org.tinyprune.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MelFilterbankTest {

    private static final int RATE = 16000;
    private static final int FFT = 512;
    private static final int BINS = FFT / 2 + 1;

    /** HTK mel, written out here independently of the class under test. */
    private static double mel(double hz) {
        return 1127 * Math.log(1 + hz / 700);
    }

    /** Centre of band m of 40 over 20..4000 Hz: edge m + 1 of 42 evenly spaced mel points. */
    private static double centreHz(int m) {
        double melCentre = mel(20) + (mel(4000) - mel(20)) * (m + 1) / 41;
        return 700 * (Math.exp(melCentre / 1127) - 1);
    }

    /** Magnitude spectrum of a Hann-windowed 480-sample tone, by direct DFT. */
    private static double[] toneSpectrum(double hz) {
        double[] mag = new double[BINS];
        for (int k = 0; k < BINS; k++) {
            double re = 0;
            double im = 0;
            for (int t = 0; t < 480; t++) {
                double x =
                        Math.sin(2 * Math.PI * hz * t / RATE)
                                * (0.5 - 0.5 * Math.cos(2 * Math.PI * t / 480));
                re += x * Math.cos(2 * Math.PI * k * t / FFT);
                im -= x * Math.sin(2 * Math.PI * k * t / FFT);
            }
            mag[k] = Math.hypot(re, im);
        }
        return mag;
    }

    @Test
    void aPureToneLandsInTheBandCentredOnIt() {
        MelFilterbank bank = new MelFilterbank(40, BINS, RATE, 20, 4000);
        double[] bands = new double[40];
        for (int m : new int[] {12, 18, 25, 31, 38}) {
            double hz = centreHz(m);
            bank.apply(toneSpectrum(hz), bands);
            int best = 0;
            for (int b = 1; b < 40; b++) {
                best = bands[b] > bands[best] ? b : best;
            }
            assertEquals(m, best, "tone of " + hz + " Hz");
            for (int b = 0; b < 40; b++) {
                if (Math.abs(b - m) > 2) {
                    assertTrue(
                            bands[b] < 0.01 * bands[m],
                            "band "
                                    + b
                                    + " for a tone in "
                                    + m
                                    + ": "
                                    + bands[b]
                                    + " vs "
                                    + bands[m]);
                }
            }
        }
    }

    @Test
    void weightsAreTheTriangleFormulaWithDcExcluded() {
        MelFilterbank bank = new MelFilterbank(40, BINS, RATE, 20, 4000);
        double lo = mel(20);
        double step = (mel(4000) - lo) / 41;
        for (int m = 0; m < 40; m++) {
            assertEquals(centreHz(m), bank.centreHz(m), 1e-6);
            assertEquals(0, bank.weight(m, 0), 0.0, "DC bin of band " + m);
            for (int k = 1; k < BINS; k++) {
                double x = mel(k * 8000.0 / 256);
                double left = lo + m * step;
                double expected =
                        Math.max(0, Math.min((x - left) / step, (left + 2 * step - x) / step));
                assertEquals(expected, bank.weight(m, k), 1e-9, "band " + m + " bin " + k);
            }
        }
        assertEquals(1000, MelFilterbank.melToHertz(MelFilterbank.hertzToMel(1000)), 1e-9);
        assertEquals(mel(1000), MelFilterbank.hertzToMel(1000), 1e-9);
    }

    @Test
    void rangesAreChecked() {
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new MelFilterbank(40, BINS, 8000, 20, 4001))
                        .getMessage();
        assertTrue(m.contains("<= 4000.0 Hz (half the sample rate)"), m);
        assertThrows(
                IllegalArgumentException.class, () -> new MelFilterbank(0, BINS, RATE, 20, 4000));
        assertThrows(
                IllegalArgumentException.class, () -> new MelFilterbank(40, BINS, RATE, 300, 200));
    }
}
