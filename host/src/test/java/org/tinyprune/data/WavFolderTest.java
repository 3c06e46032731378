package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.dsp.Mfcc;
import org.tinyprune.dsp.MfccConfig;

class WavFolderTest {

    @TempDir Path dir;

    private Path clip(String half, String cls, String name, double hz, int samples, long seed)
            throws Exception {
        short[] pcm =
                TestWavs.quantise(TestWavs.clip(hz, 16000, samples, new SplittableRandom(seed)));
        return TestWavs.write(
                dir.resolve(half).resolve(cls).resolve(name), TestWavs.wav16(16000, 1, pcm));
    }

    private static String loadError(Path folder) {
        return assertThrows(DatasetException.class, () -> Datasets.load("wav-folder", folder))
                .getMessage();
    }

    @Test
    void clipsBecome49By10MfccImagesEncodedByTheTrainingScaling() throws Exception {
        Path a = clip("train", "yes", "a.wav", 600, 16000, 1);
        clip("train", "yes", "b.wav", 600, 9000, 2);
        clip("train", "no", "c.wav", 1800, 20000, 3);
        Path t = clip("test", "no", "t.wav", 1800, 16000, 4);
        Dataset ds = Datasets.load("wav-folder", dir);
        assertEquals(List.of("no", "yes"), ds.classNames());
        assertArrayEquals(new int[] {1, 49, 10}, ds.inputShape());
        assertEquals(3, ds.train().size());
        assertEquals(1, ds.test().size());
        assertEquals(0, ds.train().label(0));
        assertEquals(1, ds.train().label(1));
        assertEquals(0, ds.test().label(0));
        assertTrue(ds.defaultAugmentation().isIdentity());

        WavFolder w =
                WavFolder.load(
                        dir,
                        MfccConfig.MLPERF_TINY_KWS,
                        new PrintStream(new ByteArrayOutputStream()));
        Mfcc mfcc = new Mfcc(MfccConfig.MLPERF_TINY_KWS);
        byte[] expected = new byte[490];
        byte[] actual = new byte[490];
        w.scaling().encode(mfcc.compute(WavFile.read(a).samples()), expected, 0);
        ds.train().copyImage(1, actual, 0);
        assertArrayEquals(expected, actual, "yes/a.wav is training image 1");
        w.scaling().encode(mfcc.compute(WavFile.read(t).samples()), expected, 0);
        ds.test().copyImage(0, actual, 0);
        assertArrayEquals(expected, actual, "no/t.wav is test image 0");
    }

    @Test
    void aDifferentSampleRateIsNamedWithTheFix() throws Exception {
        clip("train", "a", "a.wav", 600, 16000, 1);
        clip("test", "a", "t.wav", 600, 16000, 1);
        Path bad =
                TestWavs.write(
                        dir.resolve("train/b/b.wav"), TestWavs.wav16(8000, 1, new short[8000]));
        assertEquals(
                bad
                        + ": has a sample rate of 8000 Hz but the MFCC front end is set up for"
                        + " 16000 Hz; resample the files, e.g. `sox IN.wav -r 16000 OUT.wav`",
                loadError(dir));
    }

    @Test
    void aBrokenFileOrAMissingDirectoryIsNamed() throws Exception {
        clip("train", "a", "a.wav", 600, 16000, 1);
        clip("train", "b", "b.wav", 900, 16000, 1);
        Path broken = TestWavs.write(dir.resolve("test/a/x.WAV"), new byte[] {1, 2, 3});
        String m = loadError(dir);
        assertTrue(m.startsWith(broken + ": is not a RIFF/WAVE file"), m);
        assertTrue(loadError(null).contains("pass --data DIR"));
    }

    @Test
    void aSpeechCommandsFolderTakesItsTestFilesFromTheList() throws Exception {
        for (String f :
                List.of(
                        "yes/a.wav",
                        "yes/b.wav",
                        "no/c.wav",
                        "no/d.wav",
                        "_background_noise_/white.wav")) {
            TestWavs.write(dir.resolve(f), TestWavs.wav16(16000, 1, (short) 5, (short) -7));
        }
        Files.writeString(dir.resolve("testing_list.txt"), "yes/b.wav\nno/d.wav\n");
        Files.writeString(dir.resolve("validation_list.txt"), "yes/a.wav\n");
        Dataset ds = Datasets.load("wav-folder", dir);
        assertEquals(List.of("no", "yes"), ds.classNames());
        assertEquals(2, ds.train().size());
        assertEquals(2, ds.test().size());
        assertArrayEquals(new int[] {1, 1}, ds.test().classCounts());

        Files.writeString(dir.resolve("testing_list.txt"), "yes/b.wav\nno/x.wav\n");
        assertEquals(
                dir.resolve("testing_list.txt")
                        + ": names 1 file(s) that are not WAV files"
                        + " of a class folder, e.g. no/x.wav; the list must match the folder",
                loadError(dir));
    }

    @Test
    void largeFoldersReportProgressInTenths() throws Exception {
        int files = WavFolder.PROGRESS_FROM;
        for (int i = 0; i < files; i++) {
            TestWavs.write(
                    dir.resolve(i < files - 2 ? "train" : "test")
                            .resolve(i % 2 == 0 ? "a" : "b")
                            .resolve(i + ".wav"),
                    TestWavs.wav16(16000, 1, (short) i, (short) -i, (short) (3 * i)));
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Datasets.load("wav-folder", dir, new PrintStream(sink, true, StandardCharsets.UTF_8));
        List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), lines.toString());
        assertEquals("wav-folder: computing MFCC features of " + files + " files", lines.get(0));
        assertEquals("wav-folder: 100/1000 files (10%)", lines.get(1));
        assertEquals("wav-folder: 1000/1000 files (100%)", lines.get(10));
    }
}
