package org.tinyprune.link.fault;

/** Which way a byte travels on the serial line. */
public enum Direction {
    /** Bytes the host writes (commands, image data). */
    HOST_TO_BOARD("host->board"),
    /** Bytes the host reads (answers, read-back data). */
    BOARD_TO_HOST("board->host");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /**
     * Returns the label used in reports, e.g. {@code host->board}.
     *
     * @return the label used in reports
     */
    public String label() {
        return label;
    }
}
