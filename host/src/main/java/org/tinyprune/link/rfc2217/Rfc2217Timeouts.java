package org.tinyprune.link.rfc2217;

/**
 * How long the RFC 2217 client waits for the network and the server. Every wait is bounded: an
 * unanswered modem-line or BREAK command is only logged (ser2net never acknowledges DTR/RTS on a
 * pty), an unanswered line setting is an error.
 *
 * @param connectMillis TCP connection
 * @param negotiationMillis the server's DO COM-PORT-OPTION after connecting
 * @param ackMillis the answers to SET-BAUDRATE, SET-DATASIZE, SET-PARITY and SET-STOPSIZE
 * @param controlAckMillis the answer to a SET-CONTROL (DTR, RTS, BREAK, flow control)
 * @param suspendMillis longest a FLOWCONTROL-SUSPEND from the server may hold a write
 */
public record Rfc2217Timeouts(
        long connectMillis,
        long negotiationMillis,
        long ackMillis,
        long controlAckMillis,
        long suspendMillis) {
    /** Checks that every wait is positive. */
    public Rfc2217Timeouts {
        if (connectMillis <= 0
                || negotiationMillis <= 0
                || ackMillis <= 0
                || controlAckMillis <= 0
                || suspendMillis <= 0) {
            throw new IllegalArgumentException("every RFC 2217 timeout must be positive");
        }
    }

    /**
     * Returns the defaults: 5 s to connect, 3 s for negotiation, 2 s per line-setting answer, 0.5 s
     * for a SET-CONTROL answer, 10 s of flow-control suspension.
     *
     * @return the defaults
     */
    public static Rfc2217Timeouts defaults() {
        return new Rfc2217Timeouts(5000, 3000, 2000, 500, 10_000);
    }
}
