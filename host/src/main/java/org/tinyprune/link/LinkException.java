package org.tinyprune.link;

/**
 * Talking to a board failed: it did not answer in time, the port went away, it answered something
 * the protocol does not allow, or it refused a request. The message says what was being done, what
 * happened and what to try.
 */
public class LinkException extends Exception {
    /**
     * Why the exchange failed; protocols retry {@link #TIMEOUT} and {@link #REFUSED}, never {@link
     * #GONE}.
     */
    public enum Kind {
        /** No (complete) answer before the deadline. */
        TIMEOUT,
        /** The port or the process behind it disappeared (reads return end of stream). */
        GONE,
        /** The board answered with bytes the protocol does not allow here. */
        PROTOCOL,
        /** The board understood and said no (NACK, {@code e-} line). */
        REFUSED,
        /** The request was refused on the host before the board was touched. */
        INVALID_REQUEST
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind why it failed
     * @param message what was being done, what happened and what to try
     */
    public LinkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind why it failed
     * @param message what was being done, what happened and what to try
     * @param cause the underlying failure
     */
    public LinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * Returns why the exchange failed.
     *
     * @return why the exchange failed
     */
    public Kind kind() {
        return kind;
    }
}
