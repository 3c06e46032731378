package org.tinyprune.link.fault.campaign;

import java.util.EnumSet;
import java.util.Set;
import org.tinyprune.link.fault.FaultKind;

/**
 * What a campaign injects.
 *
 * @param faults faults to inject in all (the campaign runs until this many have fired)
 * @param seed seed of the whole campaign (each run's plan is drawn from a seed drawn from it)
 * @param maxFaultsPerRun each run plans 1..this many faults
 * @param kinds the kinds to draw from
 * @param maxDelayMillis longest injected delay
 */
public record CampaignSettings(
        int faults, long seed, int maxFaultsPerRun, Set<FaultKind> kinds, int maxDelayMillis) {
    /** Default faults per run at most. */
    public static final int MAX_FAULTS_PER_RUN = 3;

    /**
     * Default longest delay: past the flasher's 1 s answer timeout, within a benchmark command's.
     */
    public static final int MAX_DELAY_MILLIS = 1500;

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public CampaignSettings {
        if (faults < 1) {
            throw new IllegalArgumentException("--faults " + faults + " must be at least 1");
        }
        if (maxFaultsPerRun < 1) {
            throw new IllegalArgumentException(
                    "--max-faults-per-run " + maxFaultsPerRun + " must be at least 1");
        }
        if (maxDelayMillis < 1) {
            throw new IllegalArgumentException(
                    "the longest delay " + maxDelayMillis + " ms must be at least 1 ms");
        }
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one fault kind");
        }
        kinds = Set.copyOf(kinds);
    }

    /**
     * Returns the defaults for a number of faults and a seed: up to three faults per run of the
     * kinds drop, corrupt, duplicate, delay (up to 1.5 s) and reset.
     *
     * @param faults faults to inject
     * @param seed the seed
     * @return the settings
     */
    public static CampaignSettings of(int faults, long seed) {
        return new CampaignSettings(
                faults,
                seed,
                MAX_FAULTS_PER_RUN,
                EnumSet.of(
                        FaultKind.DROP,
                        FaultKind.CORRUPT,
                        FaultKind.DUPLICATE,
                        FaultKind.DELAY,
                        FaultKind.RESET),
                MAX_DELAY_MILLIS);
    }
}
