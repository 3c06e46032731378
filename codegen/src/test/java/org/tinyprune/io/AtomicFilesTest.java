package org.tinyprune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileCreatingItsFoldersAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("a/b/report.json");
        AtomicFiles.writeString(file, "{\"µ\": 1}\n");
        assertArrayEquals(
                "{\"µ\": 1}\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(List.of("report.json"), names(file.getParent()));
    }

    @Test
    void aWrittenFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path written = dir.resolve("written.txt");
        AtomicFiles.writeString(written, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path file = dir.resolve("model.c");
        Files.writeString(file, "an older and much longer content than the new one\n");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertEquals(List.of("model.c"), names(dir));
    }

    @Test
    void writesThroughAHiddenTemporaryFileInTheSameFolderWhileTheOldFileStaysReadable()
            throws IOException {
        Path file = dir.resolve("profile.json");
        Files.writeString(file, "old");
        List<String> during = new ArrayList<>();
        AtomicFiles.write(
                file,
                out -> {
                    out.write("new, first half; ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    during.addAll(names(dir));
                    during.add("target then held: " + Files.readString(file));
                    out.write("second half".getBytes(StandardCharsets.UTF_8));
                });
        assertEquals(3, during.size(), during.toString());
        String tmp = during.get(0);
        assertTrue(tmp.startsWith(".profile.json.") && tmp.endsWith(".tmp"), tmp);
        assertEquals("profile.json", during.get(1));
        assertEquals("target then held: old", during.get(2));
        assertEquals("new, first half; second half", Files.readString(file));
        assertEquals(List.of("profile.json"), names(dir));
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("measurements.json");
        Files.writeString(file, "old");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFiles.write(
                                        file,
                                        out -> {
                                            // more than the buffer: part of it reached the
                                            // temporary file
                                            out.write(new byte[100_000]);
                                            throw new IOException("disk full");
                                        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("measurements.json"), names(dir));
        assertThrows(
                IllegalStateException.class,
                () ->
                        AtomicFiles.write(
                                dir.resolve("new.png"),
                                out -> {
                                    out.write(1);
                                    throw new IllegalStateException("renderer broke");
                                }));
        assertEquals(List.of("measurements.json"), names(dir), "no partial new file either");
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out");
        Files.createDirectories(
                target.resolve("inside")); // a non-empty folder cannot be replaced by a file
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertEquals(List.of("out"), names(dir));
        assertTrue(Files.isDirectory(target.resolve("inside")));
    }

    @Test
    void aWriterThatClosesTheStreamStillGetsItsContentWritten() throws IOException {
        Path file = dir.resolve("plot.png");
        AtomicFiles.write(
                file,
                out -> {
                    out.write(new byte[] {7, 8});
                    out.close(); // as ImageIO and Files.copy callers sometimes do
                });
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(file));
    }

    @Test
    void copiesAFileWhole() throws IOException {
        Path source = dir.resolve("profile.json");
        Files.writeString(source, "calibrated");
        Path backup = dir.resolve("profile.json.bak");
        Files.writeString(backup, "older backup");
        AtomicFiles.copy(source, backup);
        assertEquals("calibrated", Files.readString(backup));
        assertThrows(IOException.class, () -> AtomicFiles.copy(dir.resolve("missing"), backup));
        assertEquals("calibrated", Files.readString(backup));
        assertEquals(List.of("profile.json", "profile.json.bak"), names(dir));
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
