/**
 * The MLPerf Tiny (EEMBC) benchmark protocol spoken by tinyprune firmware, plus tinyprune's own
 * commands in the same style. Commands are ASCII, end with {@code %} and hold at most 80
 * characters; replies are {@code \r\n} lines; every command ends with {@code m-ready}; errors
 * start with {@code e-}. {@link org.tinyprune.link.bench.BenchmarkClient} speaks the standard
 * commands, {@link org.tinyprune.link.bench.TinypruneCommands} the extensions documented in
 * {@code device-runtime/server/README.md} (identity, per-layer cycles, memory, raw output).
 */
package org.tinyprune.link.bench;
