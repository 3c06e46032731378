package org.tinyprune.link.fault.campaign;

import java.util.List;
import org.tinyprune.link.fault.Fault;

/**
 * One run of a campaign.
 *
 * @param run 1-based run number
 * @param seed the seed of the run's fault plan (reproduces the plan)
 * @param planned the faults planned
 * @param injected the faults that fired (a run that ends early leaves later ones unreached)
 * @param verdict how the run ended
 * @param millis wall time of the run, judging included
 */
public record RunResult(
        int run,
        long seed,
        List<Fault> planned,
        List<Fault> injected,
        Verdict verdict,
        long millis) {
    /**
     * Returns the outcome.
     *
     * @return the outcome
     */
    public Outcome outcome() {
        return verdict.outcome();
    }
}
