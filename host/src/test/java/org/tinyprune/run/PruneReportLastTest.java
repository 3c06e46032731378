package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.prune.Salience;

/**
 * A prune run's {@code report.json} is written last: a run that fails while drawing its plots (a
 * full disk, any write error) has no report, so {@code prune-and-flash --resume} does not take it
 * for a finished stage.
 */
class PruneReportLastTest {
    @TempDir Path dir;

    private static PruneConfig config() {
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        2,
                        16,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        7,
                        128,
                        64);
        return new PruneConfig(
                t, "qemu-m4", "19KiB", "9KiB", null, null, "dnp", Salience.BN_SCALE, 0.5);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Test
    void writeErrorWhileDrawingPlotsLeavesAnUnfinishedStage() throws Exception {
        Path out = Files.createDirectories(dir.resolve("prune"));
        // the last plot cannot be written: its name is taken by a non-empty folder
        Files.createDirectories(out.resolve("channels.png"));
        Files.writeString(out.resolve("channels.png/blocker"), "x");
        assertThrows(IOException.class, () -> PruneJob.run(config(), out, false, quiet()));
        assertTrue(
                Files.isRegularFile(out.resolve("accuracy.png")),
                "the plots before the failing one were drawn");
        assertFalse(
                Files.exists(out.resolve(PruneJob.REPORT)),
                "no report for a run that did not finish");
        assertFalse(PruneJob.finished(out));

        Files.delete(out.resolve("channels.png/blocker"));
        Files.delete(out.resolve("channels.png"));
        PruneJob.run(config(), out, true, quiet());
        assertTrue(PruneJob.finished(out));
        long report = Files.getLastModifiedTime(out.resolve(PruneJob.REPORT)).toMillis();
        for (String f : PruneJob.ARTEFACTS) {
            assertTrue(
                    Files.getLastModifiedTime(out.resolve(f)).toMillis() <= report,
                    f + " written after the report");
        }
    }

    @Test
    void finishedNeedsEveryArtefactAndAReadableReport() throws Exception {
        Path out = Files.createDirectories(dir.resolve("fake"));
        for (String f : PruneJob.ARTEFACTS) {
            Files.writeString(out.resolve(f), "x");
        }
        assertFalse(PruneJob.finished(out), "no report");
        Files.writeString(out.resolve(PruneJob.REPORT), "{\"method\": \"dn");
        assertFalse(PruneJob.finished(out), "a truncated report");
        Files.writeString(out.resolve(PruneJob.REPORT), "{\"method\": \"dnp\"}\n");
        assertTrue(PruneJob.finished(out));
        Files.delete(out.resolve("model_int8.onnx"));
        assertFalse(PruneJob.finished(out), "an artefact missing");
    }
}
