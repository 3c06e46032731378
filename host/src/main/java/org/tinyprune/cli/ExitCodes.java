package org.tinyprune.cli;

/**
 * The process exit codes of every tinyprune command, named once.
 *
 * <p>Scripts can tell failures apart without parsing messages: a usage error is not a budget that
 * cannot be met, and neither is a board that does not answer.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;

    /** An unexpected internal error (a bug): the message says what and where. */
    public static final int INTERNAL = 1;

    /** The command line was wrong: unknown option, missing value, malformed number. */
    public static final int USAGE = 2;

    /** An input file or value was invalid: missing dataset, malformed ONNX, bad board profile. */
    public static final int BAD_INPUT = 3;

    /** The requested budgets cannot be met by the architecture, or the result does not fit. */
    public static final int BUDGET = 4;

    /** The board or emulator could not be reached, or the serial link failed. */
    public static final int BOARD = 5;

    /** A required tool (compiler, emulator, Python with torch) is missing or failed. */
    public static final int TOOLCHAIN = 6;

    /** Training diverged (NaN or exploding loss); the last good checkpoint is kept. */
    public static final int DIVERGED = 7;

    private ExitCodes() {}
}
