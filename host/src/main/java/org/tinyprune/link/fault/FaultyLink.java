package org.tinyprune.link.fault;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * A {@link SerialLink} decorator that injects the faults of a {@link FaultPlan} into the byte
 * streams of both directions, and records each fault as it fires.
 *
 * <p>Offsets count the bytes of each stream as the undisturbed side produced them: byte {@code k}
 * host-to-board is the {@code k}-th byte the host passed to {@link #write} (over all calls), byte
 * {@code k} board-to-host the {@code k}-th byte the inner link delivered. At the byte a fault
 * names:
 *
 * <ul>
 *   <li>{@link FaultKind#DROP}: the byte is not passed on.
 *   <li>{@link FaultKind#CORRUPT}: the byte is passed on XOR the fault's mask.
 *   <li>{@link FaultKind#DUPLICATE}: the byte is passed on twice.
 *   <li>{@link FaultKind#DELAY}: host-to-board, the bytes before it are written, the write stalls
 *       for the fault's milliseconds, then the byte and the rest follow; board-to-host, the byte
 *       and everything after it reach the reader only once that time has passed (reads in between
 *       wait or time out as on a silent line; {@link #discardInput} does not drop them, they are
 *       still on the wire).
 *   <li>{@link FaultKind#RESET}: host-to-board, the bytes before it are written, the board is
 *       reset, then the byte and the rest are written to the restarted board; board-to-host, the
 *       bytes before it are delivered, what the inner link had already received is discarded (the
 *       board never finished sending it), then the board is reset.
 *   <li>{@link FaultKind#CUT}: the bytes before it pass, then the link is gone: this call (for a
 *       write) or the next one (for a read) and every later one fail with {@link Kind#GONE}.
 * </ul>
 *
 * Faults whose byte never comes are not injected; {@link #injected()} lists those that were.
 */
public final class FaultyLink implements SerialLink {
    private final SerialLink inner;
    private final FaultPlan plan;
    private final BoardReset reset;
    private final List<Fault> injected = new ArrayList<>();

    /** Board-to-host bytes the reader may take now. */
    private final ByteArrayOutputStream ready = new ByteArrayOutputStream();

    /** Board-to-host bytes held back by a delay until {@link #releaseAt}. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    private byte[] readyBytes = new byte[0];
    private int readyPos;
    private long releaseAt;
    private long written;
    private long received;
    private boolean cut;

    /**
     * Wraps a link.
     *
     * @param inner the real link
     * @param plan the faults to inject
     * @param reset what a {@link FaultKind#RESET} fault does to the board
     */
    public FaultyLink(SerialLink inner, FaultPlan plan, BoardReset reset) {
        this.inner = inner;
        this.plan = plan;
        this.reset = reset;
    }

    /**
     * Returns the faults injected so far, in the order they fired.
     *
     * @return the faults injected so far
     */
    public List<Fault> injected() {
        return List.copyOf(injected);
    }

    /**
     * Returns the plan.
     *
     * @return the plan
     */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Returns the host-to-board bytes offered so far (the next write's first offset).
     *
     * @return the host-to-board bytes offered so far
     */
    public long hostToBoardBytes() {
        return written;
    }

    /**
     * Returns the board-to-host bytes the inner link delivered so far.
     *
     * @return the board-to-host bytes the inner link delivered so far
     */
    public long boardToHostBytes() {
        return received;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void configure(int baud, Parity parity) throws LinkException {
        checkCut();
        inner.configure(baud, parity);
    }

    @Override
    public void write(byte[] data) throws LinkException {
        checkCut();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 1);
        for (byte b : data) {
            Fault f = plan.at(Direction.HOST_TO_BOARD, written++).orElse(null);
            if (f == null) {
                out.write(b);
                continue;
            }
            injected.add(f);
            switch (f.kind()) {
                case DROP -> {}
                case CORRUPT -> out.write(b ^ f.value());
                case DUPLICATE -> {
                    out.write(b);
                    out.write(b);
                }
                case DELAY -> {
                    flush(out);
                    sleep(f.value());
                    out.write(b);
                }
                case RESET -> {
                    flush(out);
                    reset.reset();
                    out.write(b);
                }
                case CUT -> {
                    flush(out);
                    cut = true;
                    checkCut();
                }
                default -> throw new IllegalStateException("unknown fault kind " + f.kind());
            }
        }
        flush(out);
    }

    private void flush(ByteArrayOutputStream out) throws LinkException {
        if (out.size() > 0) {
            inner.write(out.toByteArray());
            out.reset();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis)
            throws LinkException {
        checkCut();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] chunk = new byte[length]; // no more than asked: bytes beyond stay in the inner link
        while (true) {
            if (held.size() > 0 && System.nanoTime() - releaseAt >= 0) {
                ready.writeBytes(held.toByteArray());
                held.reset();
            }
            if (available() > 0) {
                return take(buffer, offset, length);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (held.size() > 0) {
                long untilRelease = (releaseAt - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return 0;
                }
                sleep(Math.max(1, Math.min(left, untilRelease)));
                continue;
            }
            checkCut();
            if (left <= 0) {
                return 0;
            }
            int n = inner.read(chunk, 0, chunk.length, left);
            if (n == 0) {
                return 0;
            }
            receive(chunk, n);
        }
    }

    /**
     * Passes {@code n} bytes from the inner link through the plan into {@link #ready} or {@link
     * #held}.
     */
    private void receive(byte[] chunk, int n) throws LinkException {
        for (int i = 0; i < n; i++) {
            byte b = chunk[i];
            ByteArrayOutputStream to = held.size() > 0 ? held : ready;
            Fault f = plan.at(Direction.BOARD_TO_HOST, received++).orElse(null);
            if (f == null) {
                to.write(b);
                continue;
            }
            injected.add(f);
            switch (f.kind()) {
                case DROP -> {}
                case CORRUPT -> to.write(b ^ f.value());
                case DUPLICATE -> {
                    to.write(b);
                    to.write(b);
                }
                case DELAY -> {
                    long at = System.nanoTime() + f.value() * 1_000_000L;
                    releaseAt = held.size() > 0 ? Math.max(releaseAt, at) : at;
                    held.write(b);
                }
                case RESET -> {
                    inner.discardInput();
                    reset.reset();
                    return;
                }
                case CUT -> {
                    cut = true;
                    return;
                }
                default -> throw new IllegalStateException("unknown fault kind " + f.kind());
            }
        }
    }

    private int available() {
        if (readyPos >= readyBytes.length && ready.size() > 0) {
            readyBytes = ready.toByteArray();
            readyPos = 0;
            ready.reset();
        }
        return readyBytes.length - readyPos;
    }

    private int take(byte[] buffer, int offset, int length) {
        int n = Math.min(length, readyBytes.length - readyPos);
        System.arraycopy(readyBytes, readyPos, buffer, offset, n);
        readyPos += n;
        return n;
    }

    @Override
    public void discardInput() throws LinkException {
        checkCut();
        readyPos = readyBytes.length;
        ready.reset();
        inner.discardInput();
    }

    @Override
    public void setControlLines(boolean dtr, boolean rts) throws LinkException {
        checkCut();
        inner.setControlLines(dtr, rts);
    }

    /** Closes the inner link. */
    @Override
    public void close() {
        inner.close();
    }

    private void checkCut() throws LinkException {
        if (cut) {
            throw new LinkException(
                    Kind.GONE,
                    "serial port "
                            + name()
                            + " went away (fault injection cut the "
                            + "link); reconnect it and try again");
        }
    }

    private static void sleep(long millis) throws LinkException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(Kind.TIMEOUT, "interrupted during an injected delay", e);
        }
    }
}
