package org.tinyprune.train;

/**
 * Thrown when training diverges (the loss became NaN or infinite, or exploded). The message says at
 * which epoch and step, what the loss was, and where the last good checkpoint is, if any.
 */
public final class TrainingDivergedException extends Exception {
    /** An exception with a complete message. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
