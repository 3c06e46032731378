package org.tinyprune.board;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyprune.fuzz.FuzzInputs;

/**
 * Fuzzes the board profile reader ({@link ProfileReader#parse}: JSON into the profile message, then
 * {@link ProfileValidator}). Every input is either a valid profile or refused with a {@link
 * BoardProfileException} (the bad-input exit of every {@code --board} command) whose message names
 * the file; any other exception, an {@link OutOfMemoryError} or a hang is a finding. {@code mvn
 * verify} replays the committed inputs (the shipped profiles); {@code scripts/fuzz-long.sh} fuzzes.
 */
class ProfileFuzzTest {
    private static final Path FILE = Path.of("boards", "fuzz", "profile.json");

    @FuzzTest(maxDuration = "10s")
    void profileParsesOrIsRefused(byte[] data) {
        check(data);
    }

    /** The seeds are profiles the reader accepts. */
    @Test
    void validSeedsParse() throws Exception {
        for (Path seed : FuzzInputs.valid(ProfileFuzzTest.class, "profileParsesOrIsRefused")) {
            assertTrue(
                    ProfileReader.read(seed).getName().startsWith("nucleo-")
                            || ProfileReader.read(seed).getName().startsWith("qemu-"),
                    seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        try {
            ProfileReader.parse(new String(data, StandardCharsets.UTF_8), FILE);
        } catch (BoardProfileException refused) {
            assertTrue(
                    refused.getMessage().contains(FILE.toString()),
                    "a refusal that does not name the file: " + refused.getMessage());
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
