package org.tinyprune.cli;

/**
 * A failure a command reports to the user as a message and an exit code, never a stack trace.
 *
 * <p>Commands catch the library's domain exceptions and rethrow them as this, choosing the {@link
 * ExitCodes exit code} that names the kind of failure.
 */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message what failed and what would fix it
     * @param cause the underlying exception, or null
     */
    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * @return the process exit code for this failure
     */
    public int exitCode() {
        return exitCode;
    }
}
