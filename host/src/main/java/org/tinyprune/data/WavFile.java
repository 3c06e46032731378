package org.tinyprune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE audio files into mono samples in [-1, 1].
 *
 * <p>Supported: PCM (format code 1) with 8-bit unsigned, 16-, 24- or 32-bit signed samples, and
 * IEEE float (format code 3) with 32- or 64-bit samples, also when wrapped in
 * WAVE_FORMAT_EXTENSIBLE (0xFFFE). Any number of channels; several channels are averaged into one.
 * Chunks other than {@code fmt } and {@code data} are skipped. Anything else (not RIFF/WAVE, a
 * chunk that runs past the end of the file, an unsupported format code or sample size, zero
 * channels, a block size that does not match, a float sample that is NaN, infinite or beyond the
 * float range) is a {@link DatasetException} naming the file, what is wrong and how to convert it.
 *
 * @param sampleRate samples per second per channel
 * @param channels channels in the file (the samples are already mixed down to one)
 * @param bitsPerSample bits of one stored sample
 * @param samples the mono samples, {@code [-1, 1]} for integer formats (float data as stored)
 */
public record WavFile(int sampleRate, int channels, int bitsPerSample, float[] samples) {

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final String CONVERT =
            "; convert it to 16-bit PCM, e.g. `sox IN -b 16 -e"
                    + " signed-integer OUT.wav` or `ffmpeg -i IN -c:a pcm_s16le OUT.wav`";

    private record Format(int code, int channels, int sampleRate, int blockAlign, int bits) {}

    /**
     * Reads and decodes one file.
     *
     * @param file the WAV file
     * @return its audio, mixed down to mono
     * @throws DatasetException if the file cannot be read or is not a WAV file this reader supports
     */
    public static WavFile read(Path file) throws DatasetException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "could not be read (" + e + ")", e);
        }
        return decode(file, bytes);
    }

    /**
     * Decodes the bytes of a WAV file.
     *
     * @param file the file's name, for messages
     * @param bytes the whole file
     * @return its audio, mixed down to mono
     * @throws DatasetException if the bytes are not a WAV file this reader supports
     */
    public static WavFile decode(Path file, byte[] bytes) throws DatasetException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            String start =
                    bytes.length < 12
                            ? "is " + bytes.length + " bytes long"
                            : "starts with '" + tag(bytes, 0) + "'...'" + tag(bytes, 8) + "'";
            throw new DatasetException(
                    file,
                    "is not a RIFF/WAVE file (it "
                            + start
                            + "; a WAV file starts with 'RIFF' and has 'WAVE' at byte 8)"
                            + CONVERT);
        }
        Format format = null;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = tag(bytes, pos);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (size > bytes.length - body) {
                throw new DatasetException(
                        file,
                        "is truncated: chunk '"
                                + id
                                + "' at byte "
                                + pos
                                + " declares "
                                + size
                                + " bytes but only "
                                + (bytes.length - body)
                                + " remain");
            }
            if (id.equals("fmt ")) {
                format = format(file, in, body, (int) size);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new DatasetException(
                            file,
                            "has its 'data' chunk before the 'fmt '"
                                    + " chunk, so the sample format is unknown"
                                    + CONVERT);
                }
                return samples(file, in, body, (int) size, format);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new DatasetException(
                file,
                "has no '"
                        + (format == null ? "fmt " : "data")
                        + "' chunk"
                        + (pos < bytes.length
                                ? " (" + (bytes.length - pos) + " stray bytes at the end)"
                                : ""));
    }

    private static Format format(Path file, ByteBuffer in, int body, int size)
            throws DatasetException {
        if (size < 16) {
            throw new DatasetException(
                    file, "has a 'fmt ' chunk of " + size + " bytes; it needs" + " at least 16");
        }
        int code = in.getShort(body) & 0xFFFF;
        int channels = in.getShort(body + 2) & 0xFFFF;
        int rate = in.getInt(body + 4);
        int blockAlign = in.getShort(body + 12) & 0xFFFF;
        int bits = in.getShort(body + 14) & 0xFFFF;
        if (code == EXTENSIBLE && size >= 26) {
            code = in.getShort(body + 24) & 0xFFFF;
        }
        boolean pcm = code == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean floats = code == IEEE_FLOAT && (bits == 32 || bits == 64);
        if (!pcm && !floats) {
            throw new DatasetException(
                    file,
                    "has format code 0x"
                            + String.format("%04X", code)
                            + " with "
                            + bits
                            + "-bit samples; supported are PCM (1) with 8, 16, 24 or"
                            + " 32 bits and IEEE float (3) with 32 or 64 bits"
                            + CONVERT);
        }
        if (channels == 0) {
            throw new DatasetException(
                    file,
                    "declares 0 channels in its 'fmt ' chunk; a WAV file" + " needs at least one");
        }
        if (rate <= 0) {
            throw new DatasetException(
                    file,
                    "declares a sample rate of "
                            + Integer.toUnsignedString(rate)
                            + " Hz; it must be positive");
        }
        if (blockAlign != channels * bits / 8) {
            throw new DatasetException(
                    file,
                    "declares "
                            + blockAlign
                            + " bytes per sample frame"
                            + " but "
                            + channels
                            + " channels of "
                            + bits
                            + " bits need "
                            + channels * bits / 8);
        }
        return new Format(code, channels, rate, blockAlign, bits);
    }

    private static WavFile samples(Path file, ByteBuffer in, int body, int size, Format f)
            throws DatasetException {
        if (size % f.blockAlign() != 0) {
            throw new DatasetException(
                    file,
                    "has a 'data' chunk of "
                            + size
                            + " bytes, not a"
                            + " whole number of "
                            + f.blockAlign()
                            + "-byte sample frames (truncated?)");
        }
        int frames = size / f.blockAlign();
        int width = f.bits() / 8;
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < f.channels(); c++) {
                sum += sample(in, body + i * f.blockAlign() + c * width, f);
            }
            mono[i] = (float) (sum / f.channels());
            if (!Float.isFinite(mono[i])) {
                throw new DatasetException(
                        file,
                        "has a sample in frame "
                                + i
                                + " that is not a"
                                + " finite 32-bit float ("
                                + sum / f.channels()
                                + "); audio samples are"
                                + " finite numbers (is the file damaged?)"
                                + CONVERT);
            }
        }
        return new WavFile(f.sampleRate(), f.channels(), f.bits(), mono);
    }

    private static double sample(ByteBuffer in, int at, Format f) {
        if (f.code() == IEEE_FLOAT) {
            return f.bits() == 32 ? in.getFloat(at) : in.getDouble(at);
        }
        return switch (f.bits()) {
            case 8 -> ((in.get(at) & 0xFF) - 128) / 128.0;
            case 16 -> in.getShort(at) / 32768.0;
            case 24 ->
                    ((in.get(at) & 0xFF) | (in.get(at + 1) & 0xFF) << 8 | in.get(at + 2) << 16)
                            / 8388608.0;
            default -> in.getInt(at) / 2147483648.0;
        };
    }

    private static String tag(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * @return the duration in seconds
     */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
