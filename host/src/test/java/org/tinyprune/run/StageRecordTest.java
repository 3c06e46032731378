package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.run.StageRecord.Decision;

/** What {@code --resume} does with a stage folder, case by case. */
class StageRecordTest {
    @TempDir Path dir;

    private static StageRecord record(String flash, String modelHash) {
        return StageRecord.of(
                "prune", Map.of("flash_budget", flash, "epochs", 3), Map.of("model", modelHash));
    }

    @Test
    void aFinishedStageWithTheSameRecordIsReusedOnlyWhenResuming() throws Exception {
        Files.writeString(dir.resolve("report.json"), "{}");
        record("40KiB", "a").write(dir);
        assertEquals(Decision.REUSE, record("40KiB", "a").decide(dir, true, "report.json"));
        assertEquals(Decision.RUN, record("40KiB", "a").decide(dir, false, "report.json"));
        assertEquals(
                Decision.RUN,
                record("40KiB", "a").decide(dir, true, "report.json", "model_int8.onnx"),
                "an output is missing");
        assertEquals(
                Decision.RUN,
                record("40KiB", "b").decide(dir, true, "report.json"),
                "an earlier stage's output changed: make it again");
    }

    @Test
    void aStageMadeWithOtherOptionsIsRefusedNamingEachDifference() throws Exception {
        record("40KiB", "a").write(dir);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> record("32KiB", "a").decide(dir, true));
        assertTrue(e.getMessage().contains("flash_budget '40KiB' (now '32KiB')"), e.getMessage());
        assertTrue(e.getMessage().contains("without --resume"), e.getMessage());
        assertTrue(!e.getMessage().contains("epochs"), "only what differs: " + e.getMessage());
    }

    @Test
    void aFolderWithoutARecordIsMadeAgainAndAClearedRecordIsGone() throws Exception {
        Files.writeString(dir.resolve("report.json"), "{}");
        assertEquals(
                Decision.RUN,
                record("40KiB", "a").decide(dir, true, "report.json"),
                "files without a record (interrupted, or an older version) are never trusted");
        record("40KiB", "a").write(dir);
        StageRecord.clear(dir);
        assertEquals(null, StageRecord.read(dir));
    }
}
