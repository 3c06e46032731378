package org.tinyprune.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link SerialLink} for tests that records what the host writes and replays scripted answers:
 * chunks of bytes handed out one read at a time (so answers can arrive split or glued together),
 * silence until the timeout once the script is used up, or end-of-stream when the script says the
 * port vanished.
 */
public final class ScriptedLink implements SerialLink {
    /** Everything the host wrote. */
    public final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private static final byte[] AWAIT_WRITE = new byte[0];
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private boolean written;
    private boolean vanishWhenEmpty;
    private int discards;

    /**
     * Queues one chunk that a single read returns (truncated to the read's length).
     *
     * @param ascii text of the chunk
     * @return this
     */
    public ScriptedLink then(String ascii) {
        chunks.add(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return this;
    }

    /**
     * Queues one chunk of raw bytes.
     *
     * @param bytes values 0..255
     * @return this
     */
    public ScriptedLink thenBytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        chunks.add(b);
        return this;
    }

    /**
     * Holds back the following chunks until the host writes something (an answer cannot come before
     * its question).
     *
     * @return this
     */
    public ScriptedLink afterWrite() {
        chunks.add(AWAIT_WRITE);
        return this;
    }

    /** After the script, reads report that the port went away instead of timing out. */
    public ScriptedLink thenVanish() {
        vanishWhenEmpty = true;
        return this;
    }

    /** Returns the host's writes as text. */
    public String sentText() {
        return sent.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Returns how often the host discarded input. */
    public int discards() {
        return discards;
    }

    @Override
    public String name() {
        return "script";
    }

    @Override
    public void configure(int baud, Parity parity) {}

    @Override
    public void write(byte[] data) {
        sent.writeBytes(data);
        written = true;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis)
            throws LinkException {
        if (chunks.peek() == AWAIT_WRITE) {
            if (written) {
                chunks.poll();
            } else {
                sleep(timeoutMillis);
                return 0;
            }
        }
        written = false;
        byte[] c = chunks.poll();
        if (c == null) {
            if (vanishWhenEmpty) {
                throw new LinkException(LinkException.Kind.GONE, "serial port script went away");
            }
            sleep(timeoutMillis);
            return 0;
        }
        int n = Math.min(length, c.length);
        System.arraycopy(c, 0, buffer, offset, n);
        if (n < c.length) {
            chunks.addFirst(java.util.Arrays.copyOfRange(c, n, c.length));
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void discardInput() {
        discards++;
    }

    @Override
    public void setControlLines(boolean dtr, boolean rts) {}

    @Override
    public void close() {}
}
