package org.tinyprune.link.fault.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultPlan;
import org.tinyprune.link.fault.FaultyLink;

/**
 * Runs a {@link CampaignJob} again and again, each time over a {@link FaultyLink} with a few random
 * faults, until the requested number of faults has fired, and tallies the verdicts.
 *
 * <p>First one fault-free run over a counting link measures how many bytes each direction carries
 * (it must be judged correct, or the campaign stops: the board or the job is broken, not the link);
 * each run's fault offsets are drawn below those counts. Every run starts from {@link
 * CampaignJob#restore()}, so runs are independent and one emulator serves them all. The plans
 * depend only on the seed: the same seed replays the same faults.
 */
public final class FaultCampaign {
    private final CampaignSettings settings;
    private final Consumer<String> progress;

    /**
     * Creates a campaign.
     *
     * @param settings what to inject
     * @param progress receives one line per run
     */
    public FaultCampaign(CampaignSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the campaign.
     *
     * @param job the job and its judge
     * @return the runs and their tallies
     * @throws LinkException when the board cannot be prepared or restored over the clean link, or
     *     the fault-free run is not judged correct
     */
    public CampaignSummary run(CampaignJob job) throws LinkException {
        long t0 = System.nanoTime();
        job.prepare();
        job.restore();
        FaultyLink counting = new FaultyLink(job.link(), FaultPlan.NONE, job.reset());
        Verdict clean = job.run(counting);
        if (clean.outcome() != Outcome.CORRECT) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    job.link().name()
                            + ": the fault-free "
                            + job.protocol()
                            + " run did not finish correctly ("
                            + clean.outcome()
                            + ": "
                            + clean.detail()
                            + "); the board or"
                            + " its firmware is broken, so faults cannot be judged");
        }
        long h2b = counting.hostToBoardBytes();
        long b2h = counting.boardToHostBytes();
        progress.accept(
                job.protocol()
                        + ": a fault-free run moves "
                        + h2b
                        + " bytes host->board and "
                        + b2h
                        + " bytes board->host; injecting "
                        + settings.faults()
                        + " faults, seed "
                        + settings.seed());
        SplittableRandom rng = new SplittableRandom(settings.seed());
        List<RunResult> runs = new ArrayList<>();
        int fired = 0;
        int planned = 0;
        int maxRuns = 20 * settings.faults() + 20;
        while (fired < settings.faults() && runs.size() < maxRuns) {
            long seed = rng.nextLong();
            int count =
                    Math.min(
                            1 + rng.nextInt(settings.maxFaultsPerRun()), settings.faults() - fired);
            FaultPlan plan =
                    FaultPlan.random(
                            seed, count, h2b, b2h, settings.kinds(), settings.maxDelayMillis());
            job.restore();
            FaultyLink faulty = new FaultyLink(job.link(), plan, job.reset());
            long start = System.nanoTime();
            Verdict v;
            try {
                v = job.run(faulty);
            } catch (RuntimeException e) {
                v = new Verdict(Outcome.INTERNAL_ERROR, e.toString());
            }
            RunResult r =
                    new RunResult(
                            runs.size() + 1,
                            seed,
                            plan.faults(),
                            faulty.injected(),
                            v,
                            (System.nanoTime() - start) / 1_000_000L);
            runs.add(r);
            fired += r.injected().size();
            planned += count;
            progress.accept(describe(r, fired));
        }
        return new CampaignSummary(
                job.protocol(),
                settings,
                h2b,
                b2h,
                planned,
                runs,
                (System.nanoTime() - t0) / 1_000_000L);
    }

    private String describe(RunResult r, int fired) {
        List<String> faults = r.injected().stream().map(Fault::describe).toList();
        int unreached = r.planned().size() - r.injected().size();
        return String.format(
                "run %d [%d/%d faults]: %s%s -> %s in %d ms: %s",
                r.run(),
                fired,
                settings.faults(),
                faults.isEmpty() ? "none fired" : String.join(", ", faults),
                unreached > 0 ? " (" + unreached + " not reached)" : "",
                r.outcome(),
                r.millis(),
                r.verdict().detail());
    }
}
