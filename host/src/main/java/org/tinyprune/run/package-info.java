/**
 * Runs: the jobs behind the CLI commands (train, prune, …), each working in a run directory that
 * holds its artefacts, a checkpoint to resume from, and its machine- and human-readable reports.
 */
package org.tinyprune.run;
