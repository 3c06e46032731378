package org.tinyprune.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tinyprune.io.AtomicFiles;

/**
 * A run directory written all at once: a job writes its files into a hidden staging folder beside
 * the run directory, and {@link #commit()} moves them in when everything succeeded. A job that
 * fails leaves neither a half-written file nor an empty run directory behind: {@link #close()}
 * deletes the staging folder unless it was committed.
 *
 * <pre>{@code
 * try (StagedOutput staged = StagedOutput.open(out)) {
 *     Json.write(staged.file("report.json"), report);
 *     staged.commit();
 * }
 * }</pre>
 */
public final class StagedOutput implements AutoCloseable {
    private final Path out;
    private final Path staging;
    private boolean committed;

    private StagedOutput(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /**
     * Creates the staging folder for {@code out} (which need not exist yet).
     *
     * @param out the run directory the files end up in
     * @return the staged output
     * @throws IOException if {@code out} is a file, or the staging folder cannot be created
     */
    public static StagedOutput open(Path out) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(out + " is a file, not a run directory; choose another --out");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        return new StagedOutput(
                abs, Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-"));
    }

    /**
     * Where to write the file {@code name} until the commit.
     *
     * @param name a file name relative to the run directory
     * @return its path in the staging folder
     */
    public Path file(String name) {
        Path p = staging.resolve(name).normalize();
        if (!p.startsWith(staging)) {
            throw new IllegalArgumentException("'" + name + "' is outside the run directory");
        }
        return p;
    }

    /** The run directory the files are moved into. */
    public Path directory() {
        return out;
    }

    /**
     * Moves every staged file into the run directory (creating it), replacing files of the same
     * name, then removes the staging folder.
     *
     * @throws IOException if a file cannot be moved
     */
    public void commit() throws IOException {
        Files.createDirectories(out);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            ds.forEach(entries::add);
        }
        for (Path p : entries) {
            Path target = out.resolve(p.getFileName());
            if (Files.isDirectory(p) && Files.isDirectory(target)) {
                deleteTree(target);
            }
            AtomicFiles.move(p, target);
        }
        Files.delete(staging);
        committed = true;
    }

    /** Deletes the staging folder unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the staging folder " + staging, e);
            }
        }
    }

    /**
     * Deletes {@code dir} if it is an empty directory (a run that failed before writing anything).
     *
     * @param dir the run directory
     */
    public static void removeIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // nothing to remove, or it cannot be listed: leave it as it is
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
