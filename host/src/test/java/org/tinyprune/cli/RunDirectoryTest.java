package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --out} folder of a run: checked up front, removed after a failure that created it. */
class RunDirectoryTest {
    @TempDir Path tmp;

    private static String refusal(Path out) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> RunDirectory.open(out));
        assertEquals(ExitCodes.BAD_INPUT, f.exitCode());
        return f.getMessage();
    }

    @Test
    void aFileIsNotAnOutputFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertEquals(
                "--out "
                        + file
                        + " is a file, not a directory; choose a directory (created if missing)",
                refusal(file));
        assertEquals(
                "--out "
                        + file.resolve("run")
                        + " "
                        + file
                        + " is a file, so no directory can be made under it; "
                        + "choose another directory",
                refusal(file.resolve("run")));
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aReadOnlyFolderIsRefused() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            Assumptions.assumeFalse(
                    Files.isWritable(ro), "running as root: permissions do not stop writes");
            assertTrue(
                    refusal(ro)
                            .endsWith(
                                    "is not writable (read-only); choose a directory you can write to"));
            assertTrue(
                    refusal(ro.resolve("a/b"))
                            .contains("would be made in " + ro + ", which is not writable"));
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    @Test
    void failedRunRemovesWhatItCreatedAndNothingElse() throws Exception {
        Path out = tmp.resolve("new/deeper/run");
        try (RunDirectory run = RunDirectory.open(out)) {
            Files.createDirectories(out.resolve("model"));
            Files.writeString(out.resolve("model/model.c"), "half");
        }
        assertFalse(Files.exists(tmp.resolve("new")), "the folders the failed run made are gone");

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("user.txt"), "keep me");
        try (RunDirectory run = RunDirectory.open(existing)) {
            Files.writeString(existing.resolve("partial.txt"), "x");
        }
        assertEquals(
                "keep me",
                Files.readString(existing.resolve("user.txt")),
                "a folder that existed is kept");
    }

    @Test
    void resumePointOrSuccessKeepsTheFolder() throws Exception {
        Path out = tmp.resolve("train");
        try (RunDirectory run = RunDirectory.open(out, "checkpoint.bin")) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("checkpoint.bin"), "epoch 3");
        }
        assertTrue(
                Files.exists(out.resolve("checkpoint.bin")),
                "a failed run keeps what --resume continues from");

        Path done = tmp.resolve("done");
        try (RunDirectory run = RunDirectory.open(done)) {
            Files.createDirectories(done);
            run.succeeded();
        }
        assertTrue(Files.isDirectory(done));
    }

    @Test
    void ioFailuresNameTheOutputFolderOrTheFile() {
        Path out = tmp.resolve("run");
        CommandFailure full =
                RunDirectory.ioFailure(out, new IOException("No space left on device"));
        assertEquals(ExitCodes.BAD_INPUT, full.exitCode());
        assertEquals(
                "cannot write into --out "
                        + out
                        + ": No space left on device; check the disk's free space and "
                        + "the folder's permissions",
                full.getMessage());
        CommandFailure denied =
                RunDirectory.ioFailure(
                        out, new AccessDeniedException(out.resolve("report.json").toString()));
        assertTrue(
                denied.getMessage()
                        .startsWith(
                                "cannot write into --out "
                                        + out
                                        + " ("
                                        + out.resolve("report.json")
                                        + "): access denied"),
                denied.getMessage());
        CommandFailure staged =
                RunDirectory.ioFailure(
                        out, new AccessDeniedException(tmp.resolve(".run.partial-1/x").toString()));
        assertTrue(staged.getMessage().startsWith("cannot write into --out"), staged.getMessage());
        CommandFailure other = RunDirectory.ioFailure(out, new NoSuchFileException("/data/x.onnx"));
        assertEquals("I/O error on /data/x.onnx: no such file", other.getMessage());
        CommandFailure own =
                RunDirectory.ioFailure(out, new IOException("m.onnx is not an ONNX model"));
        assertEquals("m.onnx is not an ONNX model", own.getMessage());
    }
}
