package org.tinyprune.link.fault;

import org.tinyprune.link.LinkException;

/**
 * Resets the board behind a {@link FaultyLink} when a {@link FaultKind#RESET} fault fires: for an
 * emulated board QMP {@code system_reset}, possibly followed by whatever brings the board back to
 * the state a real one would reach after a reset (e.g. restarting its application).
 */
@FunctionalInterface
public interface BoardReset {
    /** Refuses: for links whose plan holds no reset. */
    BoardReset NONE =
            () -> {
                throw new LinkException(
                        LinkException.Kind.INVALID_REQUEST,
                        "a reset fault was planned but no way to reset the board was given");
            };

    /**
     * Resets the board now.
     *
     * @throws LinkException when the board (or its emulator) does not answer the reset
     */
    void reset() throws LinkException;
}
