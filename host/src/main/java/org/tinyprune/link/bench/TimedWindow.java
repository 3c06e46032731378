package org.tinyprune.link.bench;

/**
 * One timed window of {@code infer N W%}, as {@code tp-window%} reports it under its CRC, after
 * {@code infer}'s own reply was checked against it.
 *
 * @param runs timed runs in the window
 * @param ticks raw timer ticks inside {@code tp_model_run}, summed over the runs
 * @param cycles ticks times the board's cycle resolution (instruction counts on emulated boards)
 * @param windowMicros microseconds between {@code infer}'s two {@code m-lap-us-} lines (input
 *     copies included)
 */
public record TimedWindow(int runs, long ticks, long cycles, long windowMicros) {}
