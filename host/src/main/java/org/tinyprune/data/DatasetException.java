package org.tinyprune.data;

import java.nio.file.Path;

/**
 * A dataset could not be loaded: a file is missing, unreadable or malformed, or the files of one
 * dataset do not agree with each other. The message names the file, what is wrong and, where one is
 * known, the fix.
 */
public final class DatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception about one file.
     *
     * @param file the file (or directory) at fault
     * @param problem what is wrong with it, in words
     */
    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /**
     * Creates an exception about one file, caused by a lower-level failure.
     *
     * @param file the file (or directory) at fault
     * @param problem what is wrong with it, in words
     * @param cause the underlying failure
     */
    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /**
     * Creates an exception that is not about a single file (for example an unknown dataset name).
     *
     * @param message the full message
     */
    public DatasetException(String message) {
        super(message);
    }

    private DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns a copy of this exception whose message ends with a hint, keeping the cause and the
     * stack trace.
     *
     * @param hint a sentence telling the user how to fix the problem
     * @return the new exception
     */
    public DatasetException withHint(String hint) {
        DatasetException e = new DatasetException(getMessage() + ". " + hint, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
