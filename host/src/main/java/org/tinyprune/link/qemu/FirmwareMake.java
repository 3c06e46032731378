package org.tinyprune.link.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * Runs the device-runtime Makefile ({@code make -C device-runtime BOARD=... OUT=... target}) to
 * build an emulated board's resident bootloader or an application firmware. Make only rebuilds what
 * changed, so calling this before every launch is cheap.
 *
 * <p>Make expands {@code $(...)} in every variable and cannot name a file with a space, so no
 * user-chosen string reaches it as written: each value given to make must consist of {@linkplain
 * #isMakeSafe make-safe characters}. An output or model folder whose path has any other character
 * (a space, {@code $}, a quote, a backslash, a newline...) is built through a private staging
 * folder of a fixed, safe name (the model's sources and the files already in the output folder are
 * copied in, the outputs copied out, times kept), so such paths build correctly, and as
 * incrementally as plain ones, and nothing in them is ever run. Make runs with the variables it
 * would otherwise take from the environment ({@code MAKEFLAGS}, {@code OUT}, {@code MODEL_DIR}...)
 * removed.
 */
public final class FirmwareMake {
    private static final long TIMEOUT_SECONDS = 300;

    /** The Makefile's folder of host tools in {@code OUT} ({@code $(OUT)/tools/tp_stamp}). */
    private static final String TOOLS = "tools";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._+/-]+");
    private static final Pattern BOARD = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** Environment variables make would read as settings; removed before it runs. */
    private static final List<String> MAKE_ENVIRONMENT =
            List.of(
                    "MAKEFLAGS",
                    "MFLAGS",
                    "GNUMAKEFLAGS",
                    "MAKEFILES",
                    "MAKELEVEL",
                    "MAKEOVERRIDES",
                    "BOARD",
                    "OUT",
                    "MODEL_DIR",
                    "STACK_BYTES");

    private final Path repoRoot;

    /**
     * Creates a builder for a repository.
     *
     * @param repoRoot the folder holding {@code device-runtime/} and {@code boards/}
     */
    public FirmwareMake(Path repoRoot) {
        this.repoRoot = repoRoot;
    }

    /**
     * Returns the default output folder of a board: {@code device-runtime/build/<board>}.
     *
     * @param board board name
     * @return {@code device-runtime/build/<board>}
     */
    public Path defaultOut(String board) {
        return repoRoot.resolve("device-runtime").resolve("build").resolve(board);
    }

    /**
     * Returns whether make can be given {@code value} as written: letters, digits and {@code . _ +
     * / -} only, not starting with {@code -}.
     *
     * @param value a variable value, e.g. an absolute path
     * @return true when make would neither split nor expand it
     */
    public static boolean isMakeSafe(String value) {
        return SAFE.matcher(value).matches() && !value.startsWith("-");
    }

    /**
     * Builds the resident bootloader of an emulated board.
     *
     * @param board board name
     * @param out output folder (any path; see the class comment)
     * @return {@code out/bootloader.elf}
     * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
     */
    public Path bootloader(String board, Path out) throws LinkException {
        return build("bootloader", board, null, out, 0).resolve("bootloader.elf");
    }

    /**
     * Builds application firmware (benchmark server + model), stamped with its integrity record.
     *
     * @param board board name
     * @param modelDir folder with model.c / model.h, or {@code null} for the fixture model
     * @param out output folder
     * @return {@code out/firmware.elf}
     * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
     */
    public Path firmware(String board, Path modelDir, Path out) throws LinkException {
        return firmware(board, modelDir, out, 0);
    }

    /**
     * Builds application firmware with a given stack reservation.
     *
     * @param board board name
     * @param modelDir folder with model.c / model.h, or {@code null} for the fixture model
     * @param out output folder (any path; see the class comment)
     * @param stackBytes stack the linker reserves ({@code STACK_BYTES}), 0 for the linker script's
     *     default
     * @return {@code out/firmware.elf}
     * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
     */
    public Path firmware(String board, Path modelDir, Path out, long stackBytes)
            throws LinkException {
        return build("firmware", board, modelDir, out, stackBytes).resolve("firmware.elf");
    }

    private Path build(String target, String board, Path modelDir, Path out, long stackBytes)
            throws LinkException {
        if (!BOARD.matcher(board).matches()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "'"
                            + board
                            + "' is not a board name (lower-case "
                            + "letters, digits, '.', '_' and '-')");
        }
        if (stackBytes < 0) {
            throw new LinkException(
                    Kind.INVALID_REQUEST, "stack reservation " + stackBytes + " is negative");
        }
        Path dir = repoRoot.toAbsolutePath().normalize().resolve("device-runtime");
        if (!Files.isRegularFile(dir.resolve("Makefile"))) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    dir
                            + "/Makefile not found; run from the tinyprune "
                            + "repository or pass -Dtinyprune.root=DIR");
        }
        if (!isMakeSafe(dir.toString())) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "the tinyprune checkout "
                            + dir.getParent()
                            + " has characters make cannot handle in its path; move it to a path of letters, digits and "
                            + "'.', '_', '+', '-' only");
        }
        Path outAbs = out.toAbsolutePath().normalize();
        Path model = modelDir == null ? null : modelDir.toAbsolutePath().normalize();
        if (isMakeSafe(outAbs.toString()) && (model == null || isMakeSafe(model.toString()))) {
            make(dir, target, board, model, outAbs, stackBytes, Map.of());
            return outAbs;
        }
        Path stage = stagingFolder(dir);
        try {
            Path stagedModel = model == null ? null : copyModel(model, stage.resolve("model"));
            Path stagedOut = stage.resolve("out");
            carryOver(outAbs, stagedOut);
            Map<String, String> names =
                    model == null
                            ? Map.of(stagedOut.toString(), outAbs.toString())
                            : Map.of(
                                    stagedOut.toString(),
                                    outAbs.toString(),
                                    stagedModel.toString(),
                                    model.toString());
            make(dir, target, board, stagedModel, stagedOut, stackBytes, names);
            copyTree(stagedOut, outAbs);
            return outAbs;
        } catch (IOException e) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "cannot stage the " + target + " build for " + outAbs + ": " + e.getMessage(),
                    e);
        } finally {
            deleteTree(stage);
        }
    }

    /**
     * A fresh folder with a make-safe path: in the temporary directory, else under the build
     * folder.
     */
    private static Path stagingFolder(Path runtime) throws LinkException {
        try {
            Path tmp = Files.createTempDirectory("tinyprune-make-").toAbsolutePath().normalize();
            if (isMakeSafe(tmp.toString())) {
                return tmp;
            }
            Files.delete(tmp);
            Path base = Files.createDirectories(runtime.resolve("build"));
            return Files.createTempDirectory(base, "stage-").toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "cannot create a staging folder for make: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Copies the files directly in the user's output folder, and the Makefile's own {@code tools/}
     * folder there, into the staging one, times kept, so make sees what it would see in place: the
     * previous build's outputs (it rebuilds only what changed) and any input the caller put beside
     * them.
     */
    private static void carryOver(Path out, Path staged) throws IOException {
        Files.createDirectories(staged);
        if (!Files.isDirectory(out)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(out)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && isMakeSafe(name)) {
                    Files.copy(f, staged.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path tools = out.resolve(TOOLS);
        if (Files.isDirectory(tools)) {
            copyTree(tools, staged.resolve(TOOLS));
        }
    }

    /**
     * Copies {@code model.c} and every header of {@code from} (what the Makefile reads) into {@code
     * to}.
     */
    private static Path copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f)
                        && (name.equals("model.c") || name.endsWith(".h"))
                        && isMakeSafe(name)) {
                    Files.copy(f, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /**
     * Copies every file under {@code from} into {@code to}, each through a temporary file and a
     * rename.
     */
    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.copy(
                        f,
                        tmp,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                try {
                    Files.move(
                            tmp,
                            target,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover staging folder in the temporary directory is harmless
        }
    }

    /**
     * Runs make with every value checked make-safe.
     *
     * @param names staging paths and the paths they stand for, to name the user's paths in messages
     */
    private static void make(
            Path dir,
            String target,
            String board,
            Path model,
            Path out,
            long stackBytes,
            Map<String, String> names)
            throws LinkException {
        List<String> args = new ArrayList<>(List.of("BOARD=" + board, "OUT=" + out));
        if (stackBytes > 0) {
            args.add("STACK_BYTES=" + stackBytes);
        }
        if (model != null) {
            args.add("MODEL_DIR=" + model);
        }
        for (String a : args) {
            String value = a.substring(a.indexOf('=') + 1);
            if (!isMakeSafe(value)) {
                throw new IllegalStateException(
                        "unsafe make argument " + a); // callers stage such paths
            }
        }
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString()));
        cmd.addAll(args);
        cmd.add(target);
        Process p = null;
        try {
            Path log = Files.createTempFile("tinyprune-make", ".log");
            try {
                ProcessBuilder pb =
                        new ProcessBuilder(cmd)
                                .redirectErrorStream(true)
                                .redirectOutput(log.toFile());
                pb.environment().keySet().removeAll(MAKE_ENVIRONMENT);
                p = pb.start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new LinkException(
                            Kind.TIMEOUT,
                            rename(String.join(" ", cmd), names)
                                    + " took over "
                                    + TIMEOUT_SECONDS
                                    + " s");
                }
                if (p.exitValue() != 0) {
                    String text = Files.readString(log, StandardCharsets.UTF_8);
                    throw new LinkException(
                            Kind.INVALID_REQUEST,
                            rename(
                                    String.join(" ", cmd)
                                            + " failed (exit "
                                            + p.exitValue()
                                            + "):\n"
                                            + tail(text),
                                    names));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "cannot run make: "
                            + e.getMessage()
                            + "; install make and gcc-arm-none-eabi (scripts/install-deps.sh)",
                    e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LinkException(Kind.TIMEOUT, "interrupted while building firmware", e);
        }
    }

    /** Puts the user's paths back where make saw staging paths. */
    private static String rename(String text, Map<String, String> names) {
        String result = text;
        for (Map.Entry<String, String> e : names.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        return result;
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 30);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
