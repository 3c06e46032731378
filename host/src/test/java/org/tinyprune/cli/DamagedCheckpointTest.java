package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} from a checkpoint with flipped bits is a bad-input failure naming the
 * file, not a resume.
 */
class DamagedCheckpointTest {
    @TempDir Path dir;

    @Test
    void sixtyFlippedBitsAreRefusedWithTheFileAndTheFix() throws Exception {
        Path out = dir.resolve("run");
        String[] args = {
            "train",
            "--model",
            "vgg-small",
            "--width",
            "0.25",
            "--epochs",
            "1",
            "--train-limit",
            "64",
            "--test-limit",
            "32",
            "--validation",
            "0",
            "--out",
            out.toString()
        };
        assertEquals(ExitCodes.OK, Main.execute(args));
        Path ckpt = out.resolve("checkpoint.bin");
        byte[] bytes = Files.readAllBytes(ckpt);
        // 60 low bits inside the first conv weights (30 % into the file): without a checksum
        // nothing
        // notices, and training resumes from weights that were never written
        int from = bytes.length * 3 / 10;
        for (int k = 0; k < 60; k++) {
            bytes[from + 7 * k] ^= 1;
        }
        Files.write(ckpt, bytes);

        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(resume);
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(
                err.toString().contains(ckpt.toString())
                        && err.toString().contains("without --resume")
                        && !err.toString().contains("internal error"),
                err.toString());
    }
}
