package org.tinyprune.link.fault;

/** What a fault does to the byte at its offset (see {@link FaultyLink} for the exact rules). */
public enum FaultKind {
    /** The byte is lost. */
    DROP,
    /** The byte arrives with the fault's mask XORed in (one or more bits flipped). */
    CORRUPT,
    /** The byte arrives twice. */
    DUPLICATE,
    /** The byte and everything after it are held back for the fault's number of milliseconds. */
    DELAY,
    /** The board is reset (through the campaign's {@link BoardReset}) before the byte. */
    RESET,
    /** The link goes away before the byte (a pulled cable): this and every later call fails. */
    CUT
}
