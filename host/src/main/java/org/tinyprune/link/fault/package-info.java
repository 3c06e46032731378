/**
 * Fault injection on the serial link: {@link org.tinyprune.link.fault.FaultyLink} wraps any {@link
 * org.tinyprune.link.SerialLink} and drops, corrupts, duplicates or delays single bytes, resets the
 * board or cuts the link, in either direction, at the byte offsets of a {@link
 * org.tinyprune.link.fault.FaultPlan} (written by hand or drawn from a seed), recording each fault
 * it injects. Tests use it to put a protocol through exact faults; the campaigns in {@code
 * org.tinyprune.link.fault.campaign} put the flasher and the benchmark client through thousands of
 * random ones on an emulated board.
 */
package org.tinyprune.link.fault;
