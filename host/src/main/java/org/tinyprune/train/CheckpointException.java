package org.tinyprune.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be resumed from: not a tinyprune checkpoint, written by a format
 * version this build does not read, truncated, or damaged (its SHA-256 does not match). The message
 * names the file and says to start afresh without {@code --resume}.
 */
public final class CheckpointException extends IOException {
    /**
     * @param file the checkpoint file
     * @param problem what is wrong with it, e.g. "is damaged: its SHA-256 does not match"
     * @param cause the underlying failure, or null
     */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(
                file
                        + " "
                        + problem
                        + "; it cannot be resumed from: start afresh without --resume (or delete it)",
                cause);
    }
}
