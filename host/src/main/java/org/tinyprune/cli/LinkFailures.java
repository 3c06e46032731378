package org.tinyprune.cli;

import org.tinyprune.link.LinkException;

/** Maps link failures to CLI failures with the right exit code. */
final class LinkFailures {
    private LinkFailures() {}

    /**
     * Chooses the exit code: requests refused on the host are bad input, everything the board or
     * emulator did (silence, NACKs, a vanished port) is a board failure.
     *
     * @param e the failure
     * @return the CLI failure to throw
     */
    static CommandFailure of(LinkException e) {
        int code =
                e.kind() == LinkException.Kind.INVALID_REQUEST
                        ? ExitCodes.BAD_INPUT
                        : ExitCodes.BOARD;
        return new CommandFailure(code, e.getMessage(), e);
    }

    /**
     * For failures while building firmware or starting the emulator: a toolchain problem unless the
     * board or link itself failed.
     *
     * @param e the failure
     * @return the CLI failure to throw
     */
    static CommandFailure ofToolchain(LinkException e) {
        int code =
                e.kind() == LinkException.Kind.INVALID_REQUEST
                        ? ExitCodes.TOOLCHAIN
                        : ExitCodes.BOARD;
        return new CommandFailure(code, e.getMessage(), e);
    }
}
