package org.tinyprune.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Builds WAV files byte by byte for the audio tests, including broken ones. */
public final class TestWavs {

    private TestWavs() {}

    /** One RIFF chunk: 4-byte id, little-endian size, body, pad byte if the size is odd. */
    public static byte[] chunk(String id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le(4, body.length));
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A RIFF/WAVE file made of the given chunks. */
    public static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        return chunk("RIFF", body.toByteArray());
    }

    /** A 16-byte fmt chunk body with a consistent byte rate and block size. */
    public static byte[] fmt(int code, int channels, int rate, int bits) {
        return fmt(code, channels, rate, bits, channels * bits / 8);
    }

    /** A 16-byte fmt chunk body with the given block size. */
    public static byte[] fmt(int code, int channels, int rate, int bits, int blockAlign) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) code)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits);
        return b.array();
    }

    /** Little-endian bytes of 16-bit samples (interleaved if several channels). */
    public static byte[] pcm16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** A complete 16-bit PCM file. */
    public static byte[] wav16(int rate, int channels, short... samples) {
        return riff(chunk("fmt ", fmt(1, channels, rate, 16)), chunk("data", pcm16(samples)));
    }

    /** Quantises a signal in [-1, 1] to 16-bit samples. */
    public static short[] quantise(double[] signal) {
        short[] s = new short[signal.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(signal[i] * 32767)));
        }
        return s;
    }

    /**
     * One keyword-spotting-like clip: a tone of {@code hz} (0: white noise) with a random amplitude
     * and phase, a little noise and a random onset, at {@code rate}.
     */
    public static double[] clip(double hz, int rate, int samples, SplittableRandom random) {
        double[] x = new double[samples];
        double amplitude = 0.2 + 0.6 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        double f = hz * (0.95 + 0.1 * random.nextDouble());
        int onset = random.nextInt(samples / 4);
        for (int i = 0; i < samples; i++) {
            double noise = 0.02 * (2 * random.nextDouble() - 1);
            double tone =
                    hz == 0
                            ? 2 * random.nextDouble() - 1
                            : Math.sin(2 * Math.PI * f * i / rate + phase);
            x[i] = noise + (i >= onset ? amplitude * tone : 0);
        }
        return x;
    }

    /** Writes bytes to a file, creating its folder. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private static byte[] le(int n, long v) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
