package org.tinyprune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.pool.SessionPool;
import picocli.CommandLine.Option;

/**
 * The board options of commands that can spread their work over several boards (a picocli mixin):
 * {@code --port} repeated, each a serial device, {@code rfc2217://HOST:PORT} or {@code emulated},
 * and {@code --boards N} for N emulated boards.
 */
public final class BoardPortsOption {
    @Option(
            names = "--port",
            paramLabel = "DEVICE",
            converter = PortOption.Checked.class,
            description =
                    "A board to run on: its serial device (e.g. /dev/ttyACM0), a port exported over the "
                            + "network with RFC 2217 (rfc2217://HOST:PORT), or '"
                            + SessionPool.EMULATED
                            + "' for an emulated "
                            + "board. Repeat for several boards at once, mixed as you like; work goes to whichever is free.")
    List<String> ports = new ArrayList<>();

    @Option(
            names = "--boards",
            paramLabel = "N",
            description =
                    "Run on N emulated boards at once (the same as --port "
                            + SessionPool.EMULATED
                            + " N times; each is its own QEMU, and QEMU runs on one core).")
    Integer boards;

    /**
     * Returns the boards as {@link SessionPool#open} takes them.
     *
     * @return one entry per board: the {@code --port} values, N times {@code emulated} for {@code
     *     --boards N}, or one {@code emulated} (the board's emulator, or its profile's default
     *     port) when neither was given
     * @throws CommandFailure (usage) for {@code --boards} below 1 or beside {@code --port}, or a
     *     device named twice
     */
    public List<String> ports() {
        if (boards != null) {
            if (!ports.isEmpty()) {
                throw new CommandFailure(
                        ExitCodes.USAGE,
                        "give --boards N (emulated boards) or --port, not both; "
                                + "to mix them, name each emulated board as --port "
                                + SessionPool.EMULATED,
                        null);
            }
            if (boards < 1) {
                throw new CommandFailure(
                        ExitCodes.USAGE, "--boards " + boards + ": give at least 1", null);
            }
            return Collections.nCopies(boards, SessionPool.EMULATED);
        }
        if (ports.isEmpty()) {
            return List.of(SessionPool.EMULATED);
        }
        Set<String> seen = new HashSet<>();
        for (String p : ports) {
            if (!p.equals(SessionPool.EMULATED) && !seen.add(p)) {
                throw new CommandFailure(
                        ExitCodes.USAGE,
                        "--port " + p + " is named twice; name each board once",
                        null);
            }
        }
        return List.copyOf(ports);
    }

    /**
     * Returns the options as they would be typed to repeat them, e.g. {@code " --port a --port b"}.
     *
     * @return the options with a leading space, or empty when none was given
     */
    public String asArguments() {
        if (boards != null) {
            return " --boards " + boards;
        }
        StringBuilder b = new StringBuilder();
        ports.forEach(p -> b.append(" --port ").append(p));
        return b.toString();
    }

    /** Returns whether {@code --port} or {@code --boards} was given. */
    public boolean given() {
        return boards != null || !ports.isEmpty();
    }

    /**
     * Opens every board.
     *
     * @param profile the boards' profile
     * @param board the {@code --board} option (for the repository root)
     * @param log one line per board opened (when there are several)
     * @return the open boards
     * @throws LinkException when a board cannot be reached (those opened before are closed)
     */
    public SessionPool open(BoardProfile profile, BoardOption board, Consumer<String> log)
            throws LinkException {
        return open(profile, board.root(), log);
    }

    /**
     * Opens every board.
     *
     * @param profile the boards' profile
     * @param root the repository root
     * @param log one line per board opened (when there are several)
     * @return the open boards
     * @throws LinkException when a board cannot be reached (those opened before are closed)
     */
    public SessionPool open(BoardProfile profile, Path root, Consumer<String> log)
            throws LinkException {
        return SessionPool.open(profile, ports(), root, log);
    }
}
