package org.tinyprune.link.an3155;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * Single AN3155 commands over a {@link SerialLink}. Each command is its code followed by the code's
 * complement; the bootloader answers ACK (0x79) or NACK (0x1F); addresses travel as four big-endian
 * bytes plus their XOR; data blocks (at most 256 bytes) carry length-1 and an XOR over length-1 and
 * data. A NACK becomes {@link Kind#REFUSED}, silence {@link Kind#TIMEOUT}, any other byte {@link
 * Kind#PROTOCOL}; retrying is the caller's business ({@link An3155Flasher}).
 */
public final class BootloaderSession {
    /** Synchronisation byte. */
    public static final int SYNC = 0x7F;

    /** Positive acknowledge. */
    public static final int ACK = 0x79;

    /** Negative acknowledge. */
    public static final int NACK = 0x1F;

    /** Get: version and supported commands. */
    public static final int GET = 0x00;

    /** Get Version and read protection status. */
    public static final int GET_VERSION = 0x01;

    /** Get ID: the product ID. */
    public static final int GET_ID = 0x02;

    /** Read Memory, up to 256 bytes. */
    public static final int READ_MEMORY = 0x11;

    /** Go: jump to an application. */
    public static final int GO = 0x21;

    /** Write Memory, up to 256 bytes. */
    public static final int WRITE_MEMORY = 0x31;

    /** Erase with one-byte page numbers (older parts). */
    public static final int ERASE = 0x43;

    /** Extended Erase with two-byte page numbers (exclusive with {@link #ERASE}). */
    public static final int EXTENDED_ERASE = 0x44;

    /** Largest Read/Write Memory block. */
    public static final int MAX_BLOCK = 256;

    /** Silence that tells the line has settled after a bootloader answered stale bytes. */
    static final long QUIET_MILLIS = 30;

    private final SerialLink link;
    private final long ackTimeoutMillis;

    /**
     * Creates a session.
     *
     * @param link the open port
     * @param ackTimeoutMillis how long to wait for each answer of ordinary commands
     */
    public BootloaderSession(SerialLink link, long ackTimeoutMillis) {
        this.link = link;
        this.ackTimeoutMillis = ackTimeoutMillis;
    }

    /**
     * Returns the underlying link.
     *
     * @return the underlying link
     */
    public SerialLink link() {
        return link;
    }

    /**
     * Synchronises: waits until the line is quiet (a bootloader that restarted mid-frame may still
     * be answering the stale bytes of the old frame with NACKs), sends 0x7F and waits for ACK, or
     * NACK from a bootloader that was already synchronised and took 0x7F for a command, then checks
     * that nothing else follows. Stray bytes are skipped; 0x7F is re-sent each answer timeout until
     * {@code totalMillis} have passed.
     *
     * @param totalMillis how long to keep trying
     * @throws LinkException {@link Kind#TIMEOUT} when the bootloader never answers
     */
    public void sync(long totalMillis) throws LinkException {
        long deadline = System.nanoTime() + totalMillis * 1_000_000L;
        do {
            drainUntilQuiet(QUIET_MILLIS, deadline);
            link.write(new byte[] {(byte) SYNC});
            long answerBy = System.nanoTime() + ackTimeoutMillis * 1_000_000L;
            long left;
            while ((left = (answerBy - System.nanoTime()) / 1_000_000L) > 0) {
                byte[] b = new byte[1];
                if (link.read(b, 0, 1, left) == 1
                        && ((b[0] & 0xFF) == ACK || (b[0] & 0xFF) == NACK)) {
                    if (drainUntilQuiet(QUIET_MILLIS, deadline) == 0) {
                        return;
                    }
                    break; // more bytes followed: the answer may have been stale, synchronise again
                }
            }
        } while (System.nanoTime() < deadline);
        throw new LinkException(
                Kind.TIMEOUT,
                link.name()
                        + ": no answer to the AN3155 sync byte 0x7F "
                        + "within "
                        + totalMillis
                        + " ms; is the board in its bootloader (BOOT0 high, then reset)?");
    }

    /**
     * Reads and drops bytes until none arrive for {@code quietMillis}; returns how many were
     * dropped.
     */
    private int drainUntilQuiet(long quietMillis, long deadlineNanos) throws LinkException {
        link.discardInput();
        byte[] junk = new byte[256];
        int dropped = 0;
        int n;
        while ((n = link.read(junk, 0, junk.length, quietMillis)) > 0) {
            dropped += n;
            if (System.nanoTime() > deadlineNanos) {
                break;
            }
        }
        return dropped;
    }

    /**
     * Get (0x00): protocol version and supported commands.
     *
     * @return version byte followed by the command codes
     * @throws LinkException on NACK, timeout or a malformed answer
     */
    public List<Integer> get() throws LinkException {
        command(GET, "Get");
        int n = readByte("Get length");
        byte[] body = link.readExactly(n + 1, ackTimeoutMillis);
        expectAck(ackTimeoutMillis, "end of Get");
        List<Integer> out = new ArrayList<>();
        for (byte b : body) {
            out.add(b & 0xFF);
        }
        return out;
    }

    /**
     * Get Version (0x01).
     *
     * @return the protocol version byte
     * @throws LinkException on NACK, timeout or a malformed answer
     */
    public int getVersion() throws LinkException {
        command(GET_VERSION, "Get Version");
        byte[] body = link.readExactly(3, ackTimeoutMillis);
        expectAck(ackTimeoutMillis, "end of Get Version");
        return body[0] & 0xFF;
    }

    /**
     * Get ID (0x02).
     *
     * @return the product ID (big-endian bytes of the answer)
     * @throws LinkException on NACK, timeout or a malformed answer
     */
    public int getId() throws LinkException {
        command(GET_ID, "Get ID");
        int n = readByte("Get ID length");
        byte[] id = link.readExactly(n + 1, ackTimeoutMillis);
        expectAck(ackTimeoutMillis, "end of Get ID");
        int v = 0;
        for (byte b : id) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /**
     * Read Memory (0x11).
     *
     * @param address first address
     * @param length 1..256 bytes
     * @return the bytes
     * @throws LinkException on NACK (e.g. a protected or unmapped address) or timeout
     */
    public byte[] readMemory(long address, int length) throws LinkException {
        checkLength(length);
        command(READ_MEMORY, "Read Memory");
        sendAddress(address, "Read Memory");
        link.write(new byte[] {(byte) (length - 1), (byte) ~(length - 1)});
        expectAck(ackTimeoutMillis, "Read Memory length " + length);
        return link.readExactly(length, ackTimeoutMillis + length);
    }

    /**
     * Write Memory (0x31).
     *
     * @param address first address
     * @param data 1..256 bytes (real STM32s want a multiple of 4)
     * @param timeoutMillis how long programming may take
     * @throws LinkException on NACK (e.g. an address outside the writable region) or timeout
     */
    public void writeMemory(long address, byte[] data, long timeoutMillis) throws LinkException {
        checkLength(data.length);
        command(WRITE_MEMORY, "Write Memory");
        sendAddress(address, "Write Memory");
        byte[] frame = new byte[data.length + 2];
        frame[0] = (byte) (data.length - 1);
        int x = data.length - 1;
        for (int i = 0; i < data.length; i++) {
            frame[i + 1] = data[i];
            x ^= data[i];
        }
        frame[frame.length - 1] = (byte) x;
        link.write(frame);
        expectAck(timeoutMillis, "Write Memory data at " + hex(address));
    }

    /**
     * Erases all of the application's flash: Extended Erase 0xFFFF (mass erase) or Erase 0xFF
     * (global erase), whichever the bootloader supports.
     *
     * @param extended true for Extended Erase (0x44), false for Erase (0x43)
     * @param timeoutMillis how long erasing may take
     * @throws LinkException on NACK or timeout
     */
    public void eraseAll(boolean extended, long timeoutMillis) throws LinkException {
        if (extended) {
            command(EXTENDED_ERASE, "Extended Erase");
            link.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00});
        } else {
            command(ERASE, "Erase");
            link.write(new byte[] {(byte) 0xFF, 0x00});
        }
        expectAck(timeoutMillis, extended ? "Extended Erase 0xFFFF" : "global Erase");
    }

    /**
     * Go (0x21): starts the application whose vector table is at {@code address}.
     *
     * @param address the application's first address
     * @throws LinkException on NACK (e.g. the image fails its integrity check) or timeout
     */
    public void go(long address) throws LinkException {
        command(GO, "Go");
        sendAddress(address, "Go");
    }

    private void command(int code, String what) throws LinkException {
        link.write(new byte[] {(byte) code, (byte) ~code});
        expectAck(ackTimeoutMillis, what + " (0x" + Integer.toHexString(code) + ")");
    }

    private void sendAddress(long address, String what) throws LinkException {
        byte[] a = {
            (byte) (address >>> 24),
            (byte) (address >>> 16),
            (byte) (address >>> 8),
            (byte) address,
            0
        };
        a[4] = (byte) (a[0] ^ a[1] ^ a[2] ^ a[3]);
        link.write(a);
        expectAck(ackTimeoutMillis, what + " address " + hex(address));
    }

    private int readByte(String what) throws LinkException {
        try {
            return link.readByte(ackTimeoutMillis);
        } catch (LinkException e) {
            throw context(e, what);
        }
    }

    private void expectAck(long timeoutMillis, String what) throws LinkException {
        int b;
        try {
            b = link.readByte(timeoutMillis);
        } catch (LinkException e) {
            throw context(e, what);
        }
        if (b == NACK) {
            throw new LinkException(
                    Kind.REFUSED, link.name() + ": bootloader refused " + what + " (NACK)");
        }
        if (b != ACK) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    link.name()
                            + ": unexpected byte 0x"
                            + Integer.toHexString(b)
                            + " instead of ACK for "
                            + what);
        }
    }

    private LinkException context(LinkException e, String what) {
        return e.kind() == Kind.TIMEOUT
                ? new LinkException(
                        Kind.TIMEOUT, link.name() + ": no answer to " + what + " in time", e)
                : e;
    }

    private static void checkLength(int length) {
        if (length < 1 || length > MAX_BLOCK) {
            throw new IllegalArgumentException(
                    "block length " + length + " outside 1.." + MAX_BLOCK);
        }
    }

    static String hex(long v) {
        return String.format("0x%08x", v);
    }
}
