package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
    @TempDir Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void commitMovesEveryFileIntoTheRunDirectory() throws IOException {
        Path out = tmp.resolve("run");
        try (StagedOutput staged = StagedOutput.open(out)) {
            Files.writeString(staged.file("a.txt"), "a");
            Files.writeString(staged.file("b.txt"), "b");
            assertFalse(Files.exists(out), "nothing appears before the commit");
            staged.commit();
        }
        assertEquals(List.of("a.txt", "b.txt"), names(out));
        assertEquals("a", Files.readString(out.resolve("a.txt")));
        assertEquals(List.of("run"), names(tmp), "the staging folder is gone");
    }

    @Test
    void aFailedJobLeavesNothingBehind() throws IOException {
        Path out = tmp.resolve("run");
        assertThrows(
                IllegalStateException.class,
                () -> {
                    try (StagedOutput staged = StagedOutput.open(out)) {
                        Files.writeString(staged.file("half.onnx"), "partial");
                        throw new IllegalStateException("the job failed");
                    }
                });
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void commitReplacesFilesOfAnEarlierRunAndKeepsTheOthers() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve("report.json"), "old");
        Files.writeString(out.resolve("notes.txt"), "mine");
        try (StagedOutput staged = StagedOutput.open(out)) {
            Files.writeString(staged.file("report.json"), "new");
            staged.commit();
        }
        assertEquals("new", Files.readString(out.resolve("report.json")));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void aFileInTheWayAndNamesOutsideTheRunAreRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        IOException e = assertThrows(IOException.class, () -> StagedOutput.open(file));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        try (StagedOutput staged = StagedOutput.open(tmp.resolve("run"))) {
            assertThrows(IllegalArgumentException.class, () -> staged.file("../escape"));
        }
    }

    @Test
    void removeIfEmptyKeepsADirectoryWithFiles() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        StagedOutput.removeIfEmpty(empty);
        StagedOutput.removeIfEmpty(full);
        assertEquals(List.of("full"), names(tmp));
    }
}
