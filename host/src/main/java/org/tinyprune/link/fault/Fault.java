package org.tinyprune.link.fault;

/**
 * One fault: what happens to the byte at {@code offset} (0 = the first byte) of the stream in one
 * direction.
 *
 * @param kind what happens
 * @param direction which stream
 * @param offset index of the byte in that stream, counted over the bytes the undisturbed side sent
 *     (for {@link Direction#HOST_TO_BOARD} the bytes the host wrote, for {@link
 *     Direction#BOARD_TO_HOST} the bytes the board's link delivered)
 * @param value the XOR mask for {@link FaultKind#CORRUPT} (1..255), the milliseconds for {@link
 *     FaultKind#DELAY} (&ge; 1), 0 for the other kinds
 */
public record Fault(FaultKind kind, Direction direction, long offset, int value) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException for a negative offset or a value that does not suit the kind
     */
    public Fault {
        if (kind == null || direction == null) {
            throw new IllegalArgumentException("a fault needs a kind and a direction");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("fault offset " + offset + " is negative");
        }
        switch (kind) {
            case CORRUPT -> {
                if (value < 1 || value > 0xFF) {
                    throw new IllegalArgumentException(
                            "corrupt mask " + value + " is not in 1..255");
                }
            }
            case DELAY -> {
                if (value < 1) {
                    throw new IllegalArgumentException("delay of " + value + " ms is not positive");
                }
            }
            default -> {
                if (value != 0) {
                    throw new IllegalArgumentException(
                            kind + " takes no value (got " + value + ")");
                }
            }
        }
    }

    /**
     * Returns a fault without a value (drop, duplicate, reset, cut).
     *
     * @param kind what happens
     * @param direction which stream
     * @param offset byte index
     * @return the fault
     */
    public static Fault of(FaultKind kind, Direction direction, long offset) {
        return new Fault(kind, direction, offset, 0);
    }

    /**
     * Returns a one-line description, e.g. {@code corrupt host->board @1234 ^0x04}.
     *
     * @return a one-line description
     */
    public String describe() {
        String v =
                switch (kind) {
                    case CORRUPT -> String.format(" ^0x%02x", value);
                    case DELAY -> " " + value + " ms";
                    default -> "";
                };
        return kind.name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + direction.label()
                + " @"
                + offset
                + v;
    }
}
