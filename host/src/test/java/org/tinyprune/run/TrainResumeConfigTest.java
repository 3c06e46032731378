package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} continues only a checkpoint written under the same configuration. */
class TrainResumeConfigTest {
    @TempDir Path dir;

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static TrainConfig tiny(long seed) {
        return new TrainConfig(
                "fashion-mnist",
                null,
                "vgg-small",
                0.25,
                1,
                16,
                0.05f,
                5e-4f,
                0.1f,
                0.0,
                seed,
                128,
                64);
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefusedAndTheSameOneResumes() throws Exception {
        Map<String, Object> first = TrainJob.run(tiny(7), dir, false, quiet());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainJob.run(tiny(8), dir, true, quiet()));
        assertTrue(
                e.getMessage().contains("checkpoint.bin")
                        && e.getMessage().contains("another configuration"),
                e.getMessage());
        // the same configuration resumes the finished run: no epoch is trained again, the same
        // model results
        Map<String, Object> again = TrainJob.run(tiny(7), dir, true, quiet());
        assertEquals(first.get("test_accuracy"), again.get("test_accuracy"));
    }
}
