package org.tinyprune.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfccTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final MfccConfig kws = MfccConfig.MLPERF_TINY_KWS;

    @TempDir Path dir;

    /** 0.8 s of two tones plus noise, peak well below 1 (so padding and peak scaling both act). */
    private static float[] signal() {
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[12800];
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            x[i] =
                    (float)
                            (0.3 * Math.sin(2 * Math.PI * 440 * t)
                                    + 0.1
                                            * Math.sin(2 * Math.PI * 2300 * t + 1)
                                            * (i > 6000 ? 1 : 0)
                                    + 0.02 * random.nextDouble(-1, 1));
        }
        return x;
    }

    /**
     * MFCC by the direct formulas, sharing no code with {@link Mfcc}: O(n^2) DFT of every frame,
     * explicit triangle weights, explicit DCT sums.
     */
    private static double[][] directReference(float[] x) {
        double[] clip = new double[16000];
        double peak = 0;
        for (int i = 0; i < Math.min(x.length, clip.length); i++) {
            clip[i] = x[i];
            peak = Math.max(peak, Math.abs(x[i]));
        }
        double lo = 1127 * Math.log(1 + 20 / 700.0);
        double hi = 1127 * Math.log(1 + 4000 / 700.0);
        double[][] out = new double[49][10];
        for (int f = 0; f < 49; f++) {
            double[] mag = new double[257];
            for (int k = 0; k < 257; k++) {
                double re = 0;
                double im = 0;
                for (int t = 0; t < 480; t++) {
                    double w = 0.5 * (1 - Math.cos(2 * Math.PI * t / 480));
                    double v = clip[320 * f + t] / peak * w;
                    re += v * Math.cos(2 * Math.PI * k * t / 512);
                    im += v * Math.sin(2 * Math.PI * k * t / 512);
                }
                mag[k] = Math.sqrt(re * re + im * im);
            }
            double[] logMel = new double[40];
            for (int m = 0; m < 40; m++) {
                double a = lo + (hi - lo) * m / 41;
                double b = lo + (hi - lo) * (m + 1) / 41;
                double c = lo + (hi - lo) * (m + 2) / 41;
                double e = 0;
                for (int k = 1; k < 257; k++) {
                    double p = 1127 * Math.log(1 + k * 8000.0 / 256 / 700);
                    double w =
                            p <= a || p >= c ? 0 : p <= b ? (p - a) / (b - a) : (c - p) / (c - b);
                    e += w * mag[k];
                }
                logMel[m] = Math.log(e + 1e-6);
            }
            for (int j = 0; j < 10; j++) {
                double s = 0;
                for (int m = 0; m < 40; m++) {
                    s += logMel[m] * Math.cos(Math.PI * j * (m + 0.5) / 40);
                }
                out[f][j] = s * Math.sqrt(2.0 / 40);
            }
        }
        return out;
    }

    private static void assertClose(double[][] expected, float[] actual, double tolerance) {
        assertEquals(expected.length * expected[0].length, actual.length);
        for (int f = 0; f < expected.length; f++) {
            for (int j = 0; j < expected[f].length; j++) {
                double e = expected[f][j];
                assertEquals(
                        e,
                        actual[f * expected[f].length + j],
                        tolerance * Math.max(1, Math.abs(e)),
                        "frame " + f + " coefficient " + j);
            }
        }
    }

    @Test
    void theKwsSetupGives49FramesOf10Coefficients() {
        assertEquals(480, kws.frameLength());
        assertEquals(320, kws.frameStep());
        assertEquals(512, kws.fftLength());
        assertEquals(49, kws.frames());
        assertEquals(490, kws.featureSize());
        assertEquals(490, new Mfcc(kws).compute(new float[16000]).length);
        MfccConfig narrow = MfccConfig.keywordSpotting(8000);
        assertEquals(240, narrow.frameLength());
        assertEquals(256, narrow.fftLength());
        assertEquals(49, narrow.frames());
    }

    @Test
    void matchesTheDirectFormulas() {
        float[] x = signal();
        assertClose(directReference(x), new Mfcc(kws).compute(x), 1e-5);
    }

    @Test
    void matchesNumpy() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        assumeTrue(
                run(List.of(PYTHON.toString(), "-c", "import numpy")).exit() == 0,
                "numpy is not installed for " + PYTHON);
        float[] x = signal();
        ByteBuffer raw = ByteBuffer.allocate(8 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            raw.putDouble(v);
        }
        Path in = Files.write(dir.resolve("signal.f64"), raw.array());
        Path script = Path.of(getClass().getResource("mfcc_reference.py").toURI());
        Result r = run(List.of(PYTHON.toString(), script.toString(), in.toString()));
        assertEquals(0, r.exit(), r.output());
        double[][] expected =
                r.output()
                        .lines()
                        .map(
                                line ->
                                        Arrays.stream(line.trim().split("\\s+"))
                                                .mapToDouble(Double::parseDouble)
                                                .toArray())
                        .toArray(double[][]::new);
        assertEquals(49, expected.length);
        assertClose(expected, new Mfcc(kws).compute(x), 1e-5);
    }

    private record Result(int exit, String output) {}

    /** Runs a command to completion, reading its output (stderr merged) before waiting. */
    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), output);
    }

    @Test
    void silenceGivesTheLogOffsetInTheFirstCoefficientOnly() {
        float[] c = new Mfcc(kws).compute(new float[3000]);
        // Every band holds ln(1e-6); the DCT's first row sums 40 of them times sqrt(2/40).
        double c0 = 40 * Math.log(1e-6) * Math.sqrt(2.0 / 40);
        for (int f = 0; f < 49; f++) {
            assertEquals(c0, c[10 * f], 1e-4);
            for (int j = 1; j < 10; j++) {
                assertEquals(0, c[10 * f + j], 1e-4);
            }
        }
    }

    @Test
    void clipsArePaddedOrCutToOneSecondAndScaledToPeakOne() {
        Mfcc mfcc = new Mfcc(kws);
        float[] x = signal();
        float[] padded = Arrays.copyOf(x, 16000);
        assertArrayEquals(mfcc.compute(padded), mfcc.compute(x));
        float[] longer = Arrays.copyOf(padded, 24000);
        Arrays.fill(longer, 16000, 24000, 0.9f);
        assertArrayEquals(mfcc.compute(padded), mfcc.compute(longer));
        float[] quiet = x.clone();
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] *= 0.25f;
        }
        float[] a = mfcc.compute(x);
        float[] b = mfcc.compute(quiet);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-3 * Math.max(1, Math.abs(a[i])), "value " + i);
        }
    }

    @Test
    void impossibleConfigurationsAreNamed() {
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new MfccConfig(
                                                16000, 16000, 480, 320, 480, 40, 20, 4000, 10, 1e-6,
                                                true))
                        .getMessage();
        assertTrue(m.contains("FFT length 480 must be a power of two"), m);
        m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new MfccConfig(
                                                16000, 16000, 480, 320, 512, 40, 20, 9000, 10, 1e-6,
                                                true))
                        .getMessage();
        assertTrue(m.contains("mel range 20.0..9000.0 Hz must lie within 0..8000.0 Hz"), m);
        assertThrows(
                IllegalArgumentException.class,
                () -> new MfccConfig(16000, 400, 480, 320, 512, 40, 20, 4000, 10, 1e-6, true));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MfccConfig(16000, 16000, 480, 320, 512, 8, 20, 4000, 10, 1e-6, true));
    }
}
