package org.tinyprune.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a resumable {@link Checkpoint} after every completed epoch (atomically, replacing the
 * previous one). Because it only ever writes the state at the end of an epoch that finished
 * without divergence, the file on disk is always the last good state.
 */
public final class CheckpointListener implements TrainingListener {
    private final Path file;
    private boolean written;

    /** Checkpoints to {@code file}. */
    public CheckpointListener(Path file) {
        this.file = file;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** True once a checkpoint has been written in this run. */
    public boolean written() {
        return written;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        try {
            Checkpoint.capture(trainer.graph(), trainer.optimizer(), result.epoch() + 1, result.steps()).write(file);
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
