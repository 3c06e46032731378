package org.tinyprune.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a resumable {@link Checkpoint} after every completed epoch (atomically, replacing the
 * previous one). Because it only ever writes the state at the end of an epoch that finished without
 * divergence, the file on disk is always the last good state. Listeners with state of their own
 * contribute it through {@link #contributor}; add this listener after them, so it saves what they
 * did at the end of the epoch.
 */
public final class CheckpointListener implements TrainingListener {
    private final Path file;
    private final List<Contributor> contributors = new ArrayList<>();
    private boolean written;

    /** Adds state of its own to each checkpoint before it is written. */
    @FunctionalInterface
    public interface Contributor {
        /** Adds counters or value arrays about {@code trainer}'s run to {@code checkpoint}. */
        void contribute(Trainer trainer, Checkpoint checkpoint);
    }

    /** Checkpoints to {@code file}. */
    public CheckpointListener(Path file) {
        this.file = file;
    }

    /** Adds a contributor (called in the order added); returns this listener. */
    public CheckpointListener contributor(Contributor c) {
        contributors.add(c);
        return this;
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
            Checkpoint c =
                    Checkpoint.capture(
                            trainer.graph(),
                            trainer.optimizer(),
                            result.epoch() + 1,
                            result.steps());
            contributors.forEach(k -> k.contribute(trainer, c));
            c.write(file);
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
