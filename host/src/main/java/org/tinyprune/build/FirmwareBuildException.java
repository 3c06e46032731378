package org.tinyprune.build;

/**
 * A firmware build failed. {@link #kind()} tells a missing toolchain from a model that does not fit
 * the board from any other build failure; the message names the board, the tool or memory, the
 * numbers, and the fix.
 */
public final class FirmwareBuildException extends Exception {
    /** Why the build failed. */
    public enum Kind {
        /** {@code make} or {@code arm-none-eabi-gcc} is not installed. */
        TOOLCHAIN,
        /** The linker found a memory region (flash or SRAM) too small for the firmware. */
        DOES_NOT_FIT,
        /** The build failed for another reason (its output is in the message). */
        FAILED
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind why the build failed
     * @param message what failed, with numbers, and what would fix it
     * @param cause the underlying failure, or null
     */
    public FirmwareBuildException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Returns why the build failed. */
    public Kind kind() {
        return kind;
    }
}
