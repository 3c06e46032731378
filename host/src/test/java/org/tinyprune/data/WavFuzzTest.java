package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyprune.dsp.Mfcc;
import org.tinyprune.dsp.MfccConfig;
import org.tinyprune.fuzz.FuzzInputs;

/**
 * Fuzzes the WAV reader ({@link WavFile#decode}) and, for 16 kHz files, the MFCC front end that
 * {@link WavFolder} runs on what it read. Every input is either decoded into finite samples whose
 * MFCC features are finite, or refused with a {@link DatasetException} (the bad-input exit of every
 * {@code --dataset} command); any other exception, a non-finite feature (a silently wrong training
 * input), an {@link OutOfMemoryError} or a hang is a finding.
 */
class WavFuzzTest {
    private static final Path FILE = Path.of("fuzz.wav");
    private static final Mfcc MFCC = new Mfcc(MfccConfig.MLPERF_TINY_KWS);

    @FuzzTest(maxDuration = "10s")
    void wavDecodesOrIsRefused(byte[] data) {
        check(data);
    }

    /** The seeds are WAV files the reader accepts. */
    @Test
    void validSeedsDecode() throws Exception {
        for (Path seed : FuzzInputs.valid(WavFuzzTest.class, "wavDecodesOrIsRefused")) {
            assertTrue(WavFile.read(seed).samples().length > 0, seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        WavFile wav;
        try {
            wav = WavFile.decode(FILE, data);
        } catch (DatasetException refused) {
            return;
        }
        for (float s : wav.samples()) {
            assertTrue(Float.isFinite(s), "a non-finite sample was accepted");
        }
        if (wav.sampleRate() == MFCC.config().sampleRate()) {
            for (float f : MFCC.compute(wav.samples())) {
                assertTrue(Float.isFinite(f), "a non-finite MFCC feature from accepted samples");
            }
        }
    }

    /**
     * Entry point of Jazzer's standalone driver (long runs).
     *
     * @param data the fuzzer's input
     */
    public static void fuzzerTestOneInput(byte[] data) {
        check(data);
    }
}
