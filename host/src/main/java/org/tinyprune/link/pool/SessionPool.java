package org.tinyprune.link.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.session.BoardSession;

/**
 * Open sessions with several boards of one profile, as a {@link BoardPool}: each port a real
 * board's serial device, an {@code rfc2217://HOST:PORT} export, or {@value #EMULATED} for an
 * emulated board launched in QEMU (each one its own QEMU process). Closing ends every emulator and
 * releases every port.
 */
public final class SessionPool implements AutoCloseable {
    /** The port name that asks for an emulated board. */
    public static final String EMULATED = "emulated";

    private final List<BoardSession> sessions;
    private final BoardPool<BoardSession> pool;

    private SessionPool(List<BoardSession> sessions, List<PooledBoard<BoardSession>> boards) {
        this.sessions = sessions;
        this.pool = new BoardPool<>(boards);
    }

    /**
     * Opens the boards one after another (emulated ones share one bootloader build).
     *
     * @param profile the boards' profile
     * @param ports one entry per board: a device, {@code rfc2217://HOST:PORT}, or {@value
     *     #EMULATED} (or null) for the emulated board, or the profile's default port of a real
     *     board
     * @param repoRoot the tinyprune repository (for the emulated board's bootloader)
     * @param log one line per board opened
     * @return the open boards
     * @throws LinkException as {@link BoardSession#open}, naming the port; the boards opened before
     *     are closed again
     */
    public static SessionPool open(
            BoardProfile profile, List<String> ports, Path repoRoot, Consumer<String> log)
            throws LinkException {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no boards to open");
        }
        List<BoardSession> sessions = new ArrayList<>();
        List<PooledBoard<BoardSession>> boards = new ArrayList<>();
        int emulated = 0;
        try {
            for (String port : ports) {
                boolean emulator = port == null || port.equals(EMULATED);
                BoardSession s = BoardSession.open(profile, emulator ? null : port, repoRoot);
                sessions.add(s);
                String name =
                        !s.isEmulated()
                                ? s.portName()
                                : ports.size() == 1
                                        ? EMULATED + " (" + s.portName() + ")"
                                        : EMULATED + "#" + (++emulated) + " (" + s.portName() + ")";
                boards.add(new PooledBoard<>(name, s));
                if (ports.size() > 1) {
                    log.accept("board " + boards.size() + " of " + ports.size() + ": " + name);
                }
            }
        } catch (LinkException | RuntimeException e) {
            sessions.forEach(BoardSession::close);
            throw e;
        }
        return new SessionPool(sessions, boards);
    }

    /** Returns the pool of the open boards (those that failed in a run are no longer in it). */
    public BoardPool<BoardSession> pool() {
        return pool;
    }

    /** Returns how many boards were opened. */
    public int size() {
        return sessions.size();
    }

    /** Ends every emulator and releases every port, including those of boards that failed. */
    @Override
    public void close() {
        sessions.forEach(BoardSession::close);
    }
}
