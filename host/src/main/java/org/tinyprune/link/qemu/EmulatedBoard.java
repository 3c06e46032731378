package org.tinyprune.link.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;

/**
 * A running QEMU board: its serial link, its pty path (for other tools such as stm32flash), and
 * control over the process. Closing it (or JVM shutdown, e.g. Ctrl-C) ends QEMU: {@code quit} over
 * QMP, then a kill after a grace period, then a forced kill.
 */
public final class EmulatedBoard implements AutoCloseable {
    /** How long QEMU may take to quit before it is killed. */
    public static final long GRACE_MILLIS = 2000;

    /**
     * How long after a pty is first opened QEMU's pty backend may still drop output: it looks for a
     * reader by polling once a second (QEMU 7.2), plus a margin.
     */
    public static final long PTY_POLL_MILLIS = 1300;

    private final BoardProfile profile;
    private final Process process;
    private final Path tempDir;
    private final Deque<String> output = new ArrayDeque<>();
    private final Thread shutdownHook;
    private String devicePath;
    private SerialLink serial;
    private QmpClient qmp;
    private FileChannel holder;
    private long attachedNanos;
    private boolean closed;

    EmulatedBoard(BoardProfile profile, Process process, Path tempDir) {
        this.profile = profile;
        this.process = process;
        this.tempDir = tempDir;
        this.shutdownHook = new Thread(this::close, "qemu-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void attach(String path, SerialLink link, QmpClient client) {
        this.attachedNanos = System.nanoTime();
        this.devicePath = path;
        this.serial = link;
        this.qmp = client;
    }

    void resume() throws LinkException {
        qmp.execute("cont");
    }

    synchronized void recordOutput(String line) {
        output.addLast(line);
        if (output.size() > 50) {
            output.removeFirst();
        }
    }

    /**
     * Returns the last lines QEMU printed (for error messages).
     *
     * @return the last lines QEMU printed (for error messages)
     */
    public synchronized String output() {
        return output.isEmpty() ? "(nothing)" : String.join(" | ", output);
    }

    /**
     * Returns the board's profile.
     *
     * @return the board's profile
     */
    public BoardProfile profile() {
        return profile;
    }

    /**
     * Returns the open serial link to the board's UART0.
     *
     * @return the open serial link to the board's UART0
     */
    public SerialLink serial() {
        return serial;
    }

    /**
     * Closes this process's reading handle on the pty so that another program (a terminal,
     * stm32flash, a benchmark runner) can be the only reader; QEMU keeps running. A write-only
     * descriptor on the pty stays open until the board closes, and is never read or written: QEMU's
     * pty backend drops what the board sends while no descriptor holds the pty open, and notices a
     * new one only by polling once a second, so without it a tool that opens the port, sends at
     * once and closes again (stm32flash) would lose the board's answers, and so would the next tool
     * after it closed. Returns no sooner than {@link #PTY_POLL_MILLIS} after the pty was first
     * opened, when QEMU has noticed it: until then the board's answers to a fast tool are dropped.
     *
     * @throws LinkException {@link LinkException.Kind#GONE} when the pty cannot be held open
     */
    public synchronized void releaseSerial() throws LinkException {
        long wait = PTY_POLL_MILLIS - (System.nanoTime() - attachedNanos) / 1_000_000L;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinkException(
                        LinkException.Kind.TIMEOUT,
                        "interrupted while handing " + devicePath + " over to other tools",
                        e);
            }
        }
        if (holder == null && devicePath != null) {
            try {
                holder = FileChannel.open(Path.of(devicePath), StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new LinkException(
                        LinkException.Kind.GONE,
                        "cannot hold "
                                + devicePath
                                + " open for other "
                                + "tools: "
                                + e.getMessage(),
                        e);
            }
        }
        if (serial != null) {
            serial.close();
        }
    }

    /**
     * Returns the pty path, e.g. {@code /dev/pts/3}, for other serial tools.
     *
     * @return the pty path, e.g. {@code /dev/pts/3}, for other serial tools
     */
    public String devicePath() {
        return devicePath;
    }

    /**
     * Returns QEMU's process id.
     *
     * @return QEMU's process id
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns whether QEMU is still running.
     *
     * @return whether QEMU is still running
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Resets the emulated machine (QMP {@code system_reset}): the bootloader starts again, code
     * memory keeps its contents.
     *
     * @throws LinkException when QEMU does not answer
     */
    public void reset() throws LinkException {
        qmp.execute("system_reset");
    }

    /**
     * Waits until QEMU ends (e.g. for {@code tinyprune emulate}).
     *
     * @return its exit code
     * @throws InterruptedException when interrupted
     */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Ends QEMU and releases the port; safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serial != null) {
            serial.close();
        }
        if (qmp != null && process.isAlive()) {
            try {
                qmp.execute("quit");
            } catch (LinkException ignored) {
                // QEMU may close the socket before answering quit
            }
            qmp.close();
        }
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
        if (holder != null) {
            try {
                holder.close();
            } catch (IOException ignored) {
                // QEMU has ended; the pty is gone with it
            }
        }
        deleteTempDir();
    }

    private void deleteTempDir() {
        try (Stream<Path> files = Files.list(tempDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tempDir);
        } catch (IOException ignored) {
            // a leftover empty folder in the temp directory is harmless
        }
    }
}
