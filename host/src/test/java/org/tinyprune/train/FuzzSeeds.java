package org.tinyprune.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.tinyprune.nn.Graph;

/**
 * Writes the committed seed corpora of the host's fuzz targets (small valid files of each format)
 * into the inputs directories Jazzer replays: IDX image and label files (plain and gzipped), a
 * two-record CIFAR-10 batch, WAV files in the sample formats the reader supports, and a checkpoint
 * written by {@link Checkpoint#write}. Each seed starts with the selector byte its fuzz test reads.
 * Run once with {@code host/src/test/resources} as argument.
 */
final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path res = Path.of(args[0], "org", "tinyprune");
        Path idx = dir(res.resolve("data/IdxFuzzTestInputs/idxFileParsesOrIsRefused"));
        byte[] images = idx(0x803, new int[] {3, 4, 5}, 60);
        Files.write(idx.resolve("valid-images"), prefixed(0, images));
        Files.write(idx.resolve("valid-labels"), prefixed(1, idx(0x801, new int[] {3}, 3)));
        Files.write(idx.resolve("valid-images-gz"), prefixed(0, gzip(images)));

        Path cifar = dir(res.resolve("data/CifarFuzzTestInputs/batchParsesOrIsRefused"));
        byte[] batch = new byte[2 * 3073];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (byte) (i * 31);
        }
        batch[0] = 3;
        batch[3073] = 9;
        Files.write(cifar.resolve("valid-two-records"), batch);

        Path wav = dir(res.resolve("data/WavFuzzTestInputs/wavDecodesOrIsRefused"));
        Files.write(wav.resolve("valid-pcm16-mono"), wav(1, 1, 16, 16000, 400));
        Files.write(wav.resolve("valid-pcm8-stereo"), wav(1, 2, 8, 16000, 200));
        Files.write(wav.resolve("valid-pcm24-mono"), wav(1, 1, 24, 8000, 100));
        Files.write(wav.resolve("valid-float32-mono"), wav(3, 1, 32, 16000, 200));

        Path ckpt = dir(res.resolve("train/CheckpointFuzzTestInputs/checkpointReadsOrIsRefused"));
        Graph g = TrainerTest.tinyNet(2);
        Path file = Files.createTempFile("seed", ".ckpt");
        Checkpoint.capture(g, new Sgd(g.params(), 0.9f, false, 0f), 1, 3)
                .withValues("dnp:width", new double[] {0.5})
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        Files.write(ckpt.resolve("valid-as-written"), prefixed(1, bytes));
        // The payload alone: the fuzz test wraps it in magic, version and SHA-256 again.
        Files.write(
                ckpt.resolve("valid-payload"),
                prefixed(0, Arrays.copyOfRange(bytes, 8, bytes.length - 32)));
    }

    private static Path dir(Path d) throws IOException {
        return Files.createDirectories(d);
    }

    private static byte[] prefixed(int selector, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static byte[] idx(int magic, int[] dims, int count) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + count);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** A RIFF/WAVE file of a sine-like ramp: format code, channels, bits, rate, frames. */
    private static byte[] wav(int code, int channels, int bits, int rate, int frames) {
        int block = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + frames * block).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(36 + frames * block)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) code)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * block)
                .putShort((short) block)
                .putShort((short) bits);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(frames * block);
        for (int i = 0; i < frames * channels; i++) {
            double v = Math.sin(i * 0.05) * 0.5;
            switch (code == 3 ? 0 : bits) {
                case 0 -> b.putFloat((float) v);
                case 8 -> b.put((byte) (128 + (int) (v * 127)));
                case 16 -> b.putShort((short) (v * 32767));
                default -> {
                    int s = (int) (v * 8388607);
                    b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                }
            }
        }
        return b.array();
    }
}
