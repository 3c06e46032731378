package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyprune.data.TestWavs.chunk;
import static org.tinyprune.data.TestWavs.fmt;
import static org.tinyprune.data.TestWavs.pcm16;
import static org.tinyprune.data.TestWavs.riff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {

    @TempDir Path dir;

    private WavFile read(String name, byte[] bytes) throws Exception {
        return WavFile.read(TestWavs.write(dir.resolve(name), bytes));
    }

    private String error(String name, byte[] bytes) throws Exception {
        Path f = TestWavs.write(dir.resolve(name), bytes);
        String m = assertThrows(DatasetException.class, () -> WavFile.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": "), m);
        return m;
    }

    @Test
    void sixteenBitMonoDecodesToSampleOver32768() throws Exception {
        WavFile w =
                read(
                        "a.wav",
                        TestWavs.wav16(
                                16000,
                                1,
                                (short) 0,
                                (short) 1,
                                (short) -1,
                                (short) 32767,
                                (short) -32768,
                                (short) 1000));
        assertEquals(16000, w.sampleRate());
        assertEquals(1, w.channels());
        assertEquals(16, w.bitsPerSample());
        assertArrayEquals(
                new float[] {0f, 1 / 32768f, -1 / 32768f, 32767 / 32768f, -1f, 1000 / 32768f},
                w.samples());
        assertEquals(6 / 16000.0, w.seconds(), 1e-12);
    }

    @Test
    void eightBitIsUnsignedAroundOneHundredTwentyEight() throws Exception {
        byte[] data = {0, (byte) 128, (byte) 255, 1, 64};
        WavFile w = read("b.wav", riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", data)));
        assertEquals(8000, w.sampleRate());
        // odd data size: TestWavs pads the chunk to an even length; the pad byte must not come
        // back as a sixth sample (skipping a pad byte between chunks: the LIST chunk below)
        assertArrayEquals(new float[] {-1f, 0f, 127 / 128f, -127 / 128f, -0.5f}, w.samples());
    }

    @Test
    void stereoIsAveragedIntoMono() throws Exception {
        WavFile w =
                read(
                        "c.wav",
                        TestWavs.wav16(
                                16000,
                                2,
                                (short) 1000,
                                (short) 3000,
                                (short) -2000,
                                (short) 0,
                                (short) 32767,
                                (short) -32768));
        assertEquals(2, w.channels());
        assertArrayEquals(new float[] {2000 / 32768f, -1000 / 32768f, -0.5f / 32768f}, w.samples());
    }

    @Test
    void floatTwentyFourBitAndExtensibleFormatsDecode() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        f.putFloat(0.25f).putFloat(-1.5f);
        WavFile floats =
                read("f.wav", riff(chunk("fmt ", fmt(3, 1, 16000, 32)), chunk("data", f.array())));
        assertArrayEquals(new float[] {0.25f, -1.5f}, floats.samples());

        byte[] s24 = {0x56, 0x34, 0x12, 0x00, 0x00, (byte) 0x80};
        WavFile w24 = read("g.wav", riff(chunk("fmt ", fmt(1, 1, 16000, 24)), chunk("data", s24)));
        assertArrayEquals(new float[] {0x123456 / 8388608f, -1f}, w24.samples());

        // WAVE_FORMAT_EXTENSIBLE: 40-byte fmt whose sub-format GUID starts with 1 (PCM);
        // a LIST chunk of odd length before the data is skipped.
        byte[] ext = Arrays.copyOf(fmt(0xFFFE, 1, 16000, 16), 40);
        ByteBuffer.wrap(ext)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(16, (short) 22)
                .putShort(24, (short) 1);
        WavFile we =
                read(
                        "h.wav",
                        riff(
                                chunk("fmt ", ext),
                                chunk("LIST", new byte[] {1, 2, 3}),
                                chunk("data", pcm16((short) 16384))));
        assertArrayEquals(new float[] {0.5f}, we.samples());
    }

    /** NaN samples were decoded and made NaN MFCC features (what WavFuzzTest checks for). */
    @Test
    void nonFiniteFloatSamplesAreRefused() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        f.putFloat(0.25f).putFloat(Float.NaN).putFloat(0f);
        assertTrue(
                error(
                                "nan.wav",
                                riff(chunk("fmt ", fmt(3, 1, 16000, 32)), chunk("data", f.array())))
                        .contains(
                                "has a sample in frame 1 that is not a finite 32-bit float (NaN)"));
        ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        d.putDouble(1e300); // finite as a double, infinite as the float the reader keeps
        assertTrue(
                error(
                                "big.wav",
                                riff(chunk("fmt ", fmt(3, 1, 16000, 64)), chunk("data", d.array())))
                        .contains(
                                "has a sample in frame 0 that is not a finite 32-bit float (1.0E300)"));
    }

    @Test
    void notRiffOrNotWaveIsNamed() throws Exception {
        assertTrue(
                error("x.wav", "hello, this is text".getBytes())
                        .contains("is not a RIFF/WAVE file (it starts with 'hell'"),
                "text file");
        assertTrue(error("y.wav", new byte[] {'R', 'I'}).contains("it is 2 bytes long"));
        byte[] avi = TestWavs.wav16(16000, 1, (short) 0);
        avi[8] = 'A';
        avi[9] = 'V';
        avi[10] = 'I';
        avi[11] = ' ';
        assertTrue(error("z.wav", avi).contains("'RIFF'...'AVI '"));
    }

    @Test
    void truncatedChunkIsNamed() throws Exception {
        byte[] full = TestWavs.wav16(16000, 1, (short) 1, (short) 2, (short) 3, (short) 4);
        String m = error("t.wav", Arrays.copyOf(full, full.length - 3));
        assertTrue(
                m.contains(
                        "is truncated: chunk 'data' at byte 36 declares 8 bytes but only 5"
                                + " remain"),
                m);
    }

    @Test
    void unsupportedFormatCodeOrSampleSizeIsNamed() throws Exception {
        String adpcm =
                error(
                        "adpcm.wav",
                        riff(chunk("fmt ", fmt(2, 1, 16000, 4, 1)), chunk("data", new byte[4])));
        assertTrue(adpcm.contains("has format code 0x0002 with 4-bit samples"), adpcm);
        assertTrue(adpcm.contains("convert it to 16-bit PCM"), adpcm);
        String twelve =
                error(
                        "b12.wav",
                        riff(chunk("fmt ", fmt(1, 1, 16000, 12, 2)), chunk("data", new byte[4])));
        assertTrue(twelve.contains("has format code 0x0001 with 12-bit samples"), twelve);
    }

    @Test
    void zeroChannelsIsNamed() throws Exception {
        String m =
                error(
                        "zero.wav",
                        riff(chunk("fmt ", fmt(1, 0, 16000, 16, 0)), chunk("data", new byte[0])));
        assertTrue(m.contains("declares 0 channels"), m);
    }

    @Test
    void inconsistentOrMissingChunksAreNamed() throws Exception {
        assertTrue(
                error(
                                "align.wav",
                                riff(
                                        chunk("fmt ", fmt(1, 2, 16000, 16, 2)),
                                        chunk("data", new byte[4])))
                        .contains(
                                "declares 2 bytes per sample frame but 2"
                                        + " channels of 16 bits need 4"));
        assertTrue(
                error(
                                "order.wav",
                                riff(
                                        chunk("data", new byte[2]),
                                        chunk("fmt ", fmt(1, 1, 16000, 16))))
                        .contains("has its 'data' chunk before"));
        assertTrue(
                error("nodata.wav", riff(chunk("fmt ", fmt(1, 1, 16000, 16))))
                        .contains("has no 'data' chunk"));
        assertTrue(
                error("nofmt.wav", riff(chunk("LIST", new byte[2])))
                        .contains("has no 'fmt ' chunk"));
        assertTrue(
                error("short.wav", riff(chunk("fmt ", new byte[14]), chunk("data", new byte[2])))
                        .contains("has a 'fmt ' chunk of 14 bytes"));
        assertTrue(
                error(
                                "partial.wav",
                                riff(
                                        chunk("fmt ", fmt(1, 2, 16000, 16)),
                                        chunk("data", new byte[6])))
                        .contains("not a whole number of 4-byte sample" + " frames"));
        assertTrue(
                error("rate.wav", riff(chunk("fmt ", fmt(1, 1, 0, 16)), chunk("data", new byte[2])))
                        .contains("sample rate of 0 Hz"));
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent.wav");
        String m = assertThrows(DatasetException.class, () -> WavFile.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": could not be read"), m);
    }
}
