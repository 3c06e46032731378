/**
 * The MLPerf Tiny (EEMBC) benchmark protocol spoken by tinyprune firmware, plus tinyprune's own
 * commands in the same style. Commands are ASCII, end with {@code %} and hold at most 80
 * characters; replies are {@code \r\n} lines; every command ends with {@code m-ready}; errors start
 * with {@code e-}. {@link org.tinyprune.link.bench.BenchmarkClient} speaks the standard commands,
 * {@link org.tinyprune.link.bench.TinypruneCommands} the extensions documented in {@code
 * device-runtime/server/README.md} (identity, per-layer cycles, memory, raw output).
 *
 * <p>Integrity. The EEMBC replies ({@code name}, {@code profile}, {@code timestamp}, {@code db},
 * {@code infer}, {@code results}) keep their exact text, so stock MLPerf Tiny tooling still works,
 * and carry no check. Every {@code tp-*} reply, error lines included, ends with {@code
 * m-tp-crc-[xxxxxxxx]}: the CRC-32 (IEEE / zlib) of the exact bytes of that reply before the line,
 * {@code \r\n} included, in lowercase hex. {@code tp-input-crc%} gives the count and CRC-32 of the
 * bytes {@code db} loaded, and {@code tp-window%} repeats {@code infer}'s two {@code m-lap-us-}
 * values, so the host checks what it sent and the EEMBC reply it relies on against replies under a
 * CRC. A reply that fails a check is repeated after a resynchronisation ({@code %}, wait for {@code
 * m-ready}, drain), at most {@link org.tinyprune.link.bench.BenchmarkClient#ATTEMPTS} times; then
 * the exchange fails with a {@link org.tinyprune.link.LinkException} naming the port and what
 * arrived corrupted, never with a figure the line changed.
 */
package org.tinyprune.link.bench;
