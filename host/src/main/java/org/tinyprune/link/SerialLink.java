package org.tinyprune.link;

/**
 * A byte channel to a board (a serial port, a QEMU pty, or a scripted fake in tests).
 *
 * <p>Reads take a timeout and return what arrived; a port that has gone away (USB unplugged, QEMU
 * ended: the pty then reads end-of-stream while still reporting itself open) is reported as {@link
 * LinkException.Kind#GONE}, never as an endless stream of empty reads. Implementations are used by
 * one thread at a time.
 */
public interface SerialLink extends AutoCloseable {
    /**
     * Character framing: the benchmark protocol uses none, the STM32 ROM bootloader even parity.
     */
    enum Parity {
        /** 8N1. */
        NONE,
        /** 8E1, as AN3155 requires on real STM32 parts. */
        EVEN
    }

    /**
     * Returns a name for messages, e.g. the device path.
     *
     * @return a name for messages, e.g. the device path
     */
    String name();

    /**
     * Sets baud rate and framing (ignored by ptys).
     *
     * @param baud bits per second
     * @param parity framing
     * @throws LinkException when the port refuses
     */
    void configure(int baud, Parity parity) throws LinkException;

    /**
     * Writes all bytes.
     *
     * @param data bytes to send
     * @throws LinkException when the port is gone or the write fails
     */
    void write(byte[] data) throws LinkException;

    /**
     * Reads what is available, waiting up to {@code timeoutMillis} for the first byte.
     *
     * @param buffer destination
     * @param offset first index to fill
     * @param length most bytes to read (&gt; 0)
     * @param timeoutMillis longest wait for the first byte
     * @return bytes read, 0 when nothing arrived in time
     * @throws LinkException of kind {@link LinkException.Kind#GONE} when the port went away
     */
    int read(byte[] buffer, int offset, int length, long timeoutMillis) throws LinkException;

    /**
     * Drops bytes already received but not read (e.g. boot chatter before a protocol starts).
     *
     * @throws LinkException when the port is gone
     */
    void discardInput() throws LinkException;

    /**
     * Drives the modem control lines; used to enter an STM32's ROM bootloader (RTS to BOOT0, DTR to
     * reset on boards wired that way).
     *
     * @param dtr level of DTR
     * @param rts level of RTS
     * @throws LinkException when the port cannot drive them (ptys cannot)
     */
    void setControlLines(boolean dtr, boolean rts) throws LinkException;

    /** Closes the port; further calls fail. Never throws. */
    @Override
    void close();

    /**
     * Reads one byte.
     *
     * @param timeoutMillis longest wait
     * @return the byte, 0..255
     * @throws LinkException {@link LinkException.Kind#TIMEOUT} when nothing arrived in time
     */
    default int readByte(long timeoutMillis) throws LinkException {
        byte[] one = new byte[1];
        if (read(one, 0, 1, timeoutMillis) == 0) {
            throw new LinkException(
                    LinkException.Kind.TIMEOUT,
                    name() + ": no byte within " + timeoutMillis + " ms");
        }
        return one[0] & 0xFF;
    }

    /**
     * Reads exactly {@code n} bytes within one overall deadline.
     *
     * @param n bytes wanted
     * @param timeoutMillis deadline for all of them
     * @return the bytes
     * @throws LinkException {@link LinkException.Kind#TIMEOUT} naming how many arrived
     */
    default byte[] readExactly(int n, long timeoutMillis) throws LinkException {
        byte[] out = new byte[n];
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int got = 0;
        while (got < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new LinkException(
                        LinkException.Kind.TIMEOUT,
                        name()
                                + ": "
                                + got
                                + " of "
                                + n
                                + " bytes within "
                                + timeoutMillis
                                + " ms");
            }
            got += read(out, got, n - got, left);
        }
        return out;
    }
}
