package org.tinyprune.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.io.AtomicFiles;

/**
 * What a board profile tells the firmware build: its {@code cflags} and, on an emulated board, the
 * UART the firmware talks on ({@code emulator.uart_base}, as {@code -DTP_BOARD_UART_BASE=...},
 * which the board port's {@code board_config.h} takes over its own default).
 *
 * <p>The build driver writes them as a gcc response file, {@value #FILE}, into the build's output
 * folder, and the device-runtime Makefile compiles with {@code @profile.cflags} in place of the
 * board's {@code board.mk} flags and its default optimisation. gcc reads a response file itself, so
 * no flag passes through a shell or make expansion; and only flags of the forms below are accepted
 * at all (anything else is a profile error), so a profile cannot make the compiler run a plugin, a
 * wrapper or write files elsewhere.
 */
public final class CompilerFlags {
    /** The response file's name in a build's output folder. */
    public static final String FILE = "profile.cflags";

    /**
     * The flags a profile may give: target selection ({@code -mcpu=}, {@code -march=}, {@code
     * -mtune=}, {@code -mthumb}, {@code -mfloat-abi=}, {@code -mfpu=} and other {@code -m}
     * options), optimisation ({@code -O0..3}, {@code -Os}, {@code -Oz}, {@code -Og}, {@code
     * -Ofast}), code generation ({@code -f[no-]name[=value]}), debug information ({@code -g[0-3]}),
     * warnings ({@code -W[no-]name}, not {@code -Wl,} and the like) and macro definitions ({@code
     * -DNAME[=VALUE]}).
     */
    private static final Pattern ALLOWED =
            Pattern.compile(
                    "-m[a-z0-9][a-z0-9-]*(=[A-Za-z0-9_.+-]+)?"
                            + "|-O[0-3sgz]?|-Ofast|-f[a-z0-9][a-z0-9-]*(=[A-Za-z0-9_.+-]+)?|-g[0-3]?"
                            + "|-W(no-)?[a-z][a-z0-9-]*(=[0-9]+)?|-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?");

    /** {@code -f} options that load code or write files: never from a profile. */
    private static final Pattern FORBIDDEN =
            Pattern.compile(
                    "-f(no-)?(plugin|profile|dump|auto-profile|record|"
                            + "debug-prefix-map|file-prefix-map|macro-prefix-map|stack-usage|callgraph-info|save-optimization|"
                            + "opt-info|lto-report|diagnostics).*");

    private CompilerFlags() {}

    /**
     * The problems of a profile's {@code cflags}, one line each naming the flag and the fix; empty
     * when every flag is one tinyprune passes on.
     */
    public static List<String> problems(BoardProfile p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.getCflagsCount(); i++) {
            String f = p.getCflags(i);
            if (!ALLOWED.matcher(f).matches() || FORBIDDEN.matcher(f).matches()) {
                out.add(
                        "cflags["
                                + i
                                + "] = \""
                                + f
                                + "\" is not a flag a profile may give; use target (-mcpu=, "
                                + "-mthumb, -mfloat-abi=, -mfpu=), optimisation (-O2, -Os), -f code-generation, -g and -DNAME"
                                + " flags, one flag per string");
            } else if (f.startsWith("-DTP_")) {
                out.add(
                        "cflags["
                                + i
                                + "] = \""
                                + f
                                + "\" defines a TP_ macro, which the board port and the build "
                                + "own; set the profile's field instead (e.g. emulator.uart_base)");
            }
        }
        return out;
    }

    /**
     * The flags the firmware is compiled with: the profile's {@code cflags}, then the UART define.
     */
    public static List<String> of(BoardProfile p) {
        List<String> flags = new ArrayList<>(p.getCflagsList());
        if (p.hasEmulator()) {
            flags.add(
                    String.format(
                            Locale.ROOT,
                            "-DTP_BOARD_UART_BASE=0x%08xu",
                            Integer.toUnsignedLong(p.getEmulator().getUartBase())));
        }
        return flags;
    }

    /**
     * Writes {@value #FILE} into {@code dir} (created if needed), atomically, and only when its
     * text changes, so make rebuilds only when the flags do.
     *
     * @return the response file
     * @throws BoardProfileException naming the flag when the profile's cflags are not all allowed
     * @throws IOException when the file cannot be written
     */
    public static Path write(BoardProfile p, Path dir) throws BoardProfileException, IOException {
        return write(p, dir, List.of());
    }

    /**
     * Writes {@value #FILE} as {@link #write(BoardProfile, Path)} does, with flags the build itself
     * adds after the profile's (e.g. {@code -DTP_BENCHMARK_ID=kws01}); the caller vouches for them.
     *
     * @param buildFlags flags of the build, each a complete gcc argument without spaces or quotes
     * @return the response file
     * @throws BoardProfileException naming the flag when the profile's cflags are not all allowed
     * @throws IOException when the file cannot be written
     */
    public static Path write(BoardProfile p, Path dir, List<String> buildFlags)
            throws BoardProfileException, IOException {
        List<String> problems = problems(p);
        if (!problems.isEmpty()) {
            throw new BoardProfileException((Path) null, problems);
        }
        for (String f : buildFlags) {
            if (!ALLOWED.matcher(f).matches()) {
                throw new IllegalArgumentException(
                        "build flag \"" + f + "\" is not a plain gcc option");
            }
        }
        Path file = dir.resolve(FILE);
        List<String> flags = new ArrayList<>(of(p));
        flags.addAll(buildFlags);
        String text = String.join("\n", flags) + "\n";
        if (!(Files.isRegularFile(file)
                && Files.readString(file, StandardCharsets.UTF_8).equals(text))) {
            Files.createDirectories(dir);
            AtomicFiles.writeString(file, text);
        }
        return file;
    }
}
