package org.tinyprune.link.an3155;

/** Receives progress of a flash: phase and bytes done of total (for a progress bar or a log). */
@FunctionalInterface
public interface FlashProgress {
    /** The steps of a flash, in order. */
    enum Phase {
        /** Synchronising and identifying the bootloader. */
        CONNECT,
        /** Erasing the application's flash. */
        ERASE,
        /** Writing blocks. */
        WRITE,
        /** Reading blocks back and comparing. */
        VERIFY,
        /** Starting the application. */
        GO
    }

    /**
     * Called after each step of a phase.
     *
     * @param phase current phase
     * @param done bytes done in this phase
     * @param total bytes in this phase (0 when not counted in bytes)
     */
    void update(Phase phase, long done, long total);

    /** A listener that ignores progress. */
    FlashProgress NONE = (phase, done, total) -> {};
}
