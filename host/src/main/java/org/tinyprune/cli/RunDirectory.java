package org.tinyprune.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A command's output folder ({@code --out}) for one run: checked before any work starts, and
 * removed again when the run fails after creating it, so a failed run leaves no empty or
 * half-filled run directory behind.
 *
 * <pre>{@code
 * try (RunDirectory run = RunDirectory.open(out, "checkpoint.bin")) {
 *     ... write into run.path() ...
 *     run.succeeded();
 * }
 * }</pre>
 *
 * <p>A folder that existed before the run is never removed. One the run created (with any parents
 * it created) is removed on failure unless it holds one of the run's resume points (a checkpoint,
 * measurements, a finished stage), which {@code --resume} or a second run would continue from.
 */
public final class RunDirectory implements AutoCloseable {
    /** Free bytes below which {@code --out} counts as a full disk before the run starts. */
    static final long MIN_FREE_BYTES = 1L << 20;

    /**
     * What the system says when a write fails for lack of room or rights (the file is not named).
     */
    private static final Pattern WRITE_ERRORS =
            Pattern.compile(
                    "No space left on device|Disk quota exceeded|Read-only file system|File too large|Input/output error");

    private final Path path;
    private final Path created;
    private final List<String> resumePoints;
    private boolean succeeded;

    private RunDirectory(Path path, Path created, List<String> resumePoints) {
        this.path = path;
        this.created = created;
        this.resumePoints = resumePoints;
    }

    /**
     * Checks {@code out} and starts a run that writes into it (the folder itself is created by the
     * run).
     *
     * @param out the {@code --out} folder
     * @param resumePoints files, relative to {@code out}, that make a failed run's folder worth
     *     keeping
     * @return the run directory
     * @throws CommandFailure {@link ExitCodes#BAD_INPUT} naming {@code --out} when it cannot be
     *     used
     */
    public static RunDirectory open(Path out, String... resumePoints) {
        Path abs = out.toAbsolutePath().normalize();
        Path existing = check(out, abs);
        Path created = null;
        for (Path p = abs; p != null && !p.equals(existing); p = p.getParent()) {
            created = p;
        }
        return new RunDirectory(out, created, List.of(resumePoints));
    }

    /**
     * Checks that a run could write into {@code out}: it is a folder or does not exist yet, the
     * nearest existing folder above it is writable, and that disk is not full.
     *
     * @return the nearest existing path at or above {@code abs}
     */
    private static Path check(Path out, Path abs) {
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw bad(out, "no part of it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw bad(
                    out,
                    existing.equals(abs)
                            ? "is a file, not a directory; choose a directory (created if missing)"
                            : existing
                                    + " is a file, so no directory can be made under it; choose another directory");
        }
        if (!Files.isWritable(existing)) {
            throw bad(
                    out,
                    (existing.equals(abs) ? "is" : "would be made in " + existing + ", which is")
                            + " not writable (read-only); choose a directory you can write to");
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw bad(
                        out,
                        "is on a full disk ("
                                + free
                                + " bytes free on "
                                + store
                                + "); free some space or "
                                + "choose another disk");
            }
        } catch (IOException e) {
            throw bad(out, "cannot be checked: " + e.getMessage());
        }
        return existing;
    }

    private static CommandFailure bad(Path out, String why) {
        return new CommandFailure(ExitCodes.BAD_INPUT, "--out " + out + " " + why, null);
    }

    /**
     * Returns the run's folder, as given.
     *
     * @return the {@code --out} path
     */
    public Path path() {
        return path;
    }

    /** Marks the run as finished: the folder stays whatever happens next. */
    public void succeeded() {
        succeeded = true;
    }

    /** Removes the folder the run created unless the run succeeded or left a resume point in it. */
    @Override
    public void close() {
        if (succeeded || created == null || !Files.exists(created)) {
            return;
        }
        for (String r : resumePoints) {
            if (Files.exists(path.resolve(r))) {
                return;
            }
        }
        try (Stream<Path> s = Files.walk(created)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "tinyprune: could not remove the failed run's folder "
                            + created
                            + ": "
                            + e.getMessage());
        }
    }

    /**
     * Turns a failed read or write of a run into a one-line failure: one on a file in {@code
     * --out}, or a write error that names no file (a full disk, a quota, a read-only file system),
     * says it could not write into {@code --out}; one on another file names that file; tinyprune's
     * own messages (which name their file) pass through.
     *
     * @param out the {@code --out} folder
     * @param e the failure
     * @return a {@link ExitCodes#BAD_INPUT} failure
     */
    public static CommandFailure ioFailure(Path out, IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        if (file != null && !inRun(out, Path.of(file))) {
            return new CommandFailure(
                    ExitCodes.BAD_INPUT, "I/O error on " + file + ": " + reason(e), e);
        }
        if (file == null && !WRITE_ERRORS.matcher(String.valueOf(e.getMessage())).find()) {
            return new CommandFailure(ExitCodes.BAD_INPUT, String.valueOf(e.getMessage()), e);
        }
        return new CommandFailure(
                ExitCodes.BAD_INPUT,
                "cannot write into --out "
                        + out
                        + (file == null ? "" : " (" + file + ")")
                        + ": "
                        + reason(e)
                        + "; check the disk's free space and the folder's permissions",
                e);
    }

    /**
     * True for a path in {@code out}, or in a hidden staging folder beside it ({@code .NAME...}).
     */
    private static boolean inRun(Path out, Path file) {
        Path abs = out.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (f.startsWith(abs)) {
            return true;
        }
        Path parent = abs.getParent();
        return parent != null
                && abs.getFileName() != null
                && f.startsWith(parent)
                && f.getNameCount() > parent.getNameCount()
                && f.getName(parent.getNameCount()).toString().startsWith("." + abs.getFileName());
    }

    /** Why an I/O operation failed, without the file name. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            return e.getClass()
                    .getSimpleName()
                    .replace("Exception", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
