package org.tinyprune.train;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param epochs epochs completed in total
 * @param steps optimizer steps in total
 * @param trainSeconds wall time of the training steps in this call (validation excluded)
 * @param samplesPerSecond training throughput in this call
 * @param lastEpoch the last epoch's result (null if no epoch ran)
 */
public record TrainingSummary(
        int epochs,
        long steps,
        double trainSeconds,
        double samplesPerSecond,
        EpochResult lastEpoch) {}
