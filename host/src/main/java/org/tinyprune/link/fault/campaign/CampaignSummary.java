package org.tinyprune.link.fault.campaign;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.link.fault.Direction;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultKind;

/**
 * The tallies of a campaign: faults fired by kind and direction, runs by outcome.
 *
 * @param protocol the job's protocol
 * @param settings what was injected
 * @param hostToBoardBytes bytes a fault-free run writes
 * @param boardToHostBytes bytes a fault-free run reads
 * @param planned faults planned over all runs
 * @param runs every run
 * @param wallMillis wall time of the whole campaign, preparation included
 */
public record CampaignSummary(
        String protocol,
        CampaignSettings settings,
        long hostToBoardBytes,
        long boardToHostBytes,
        int planned,
        List<RunResult> runs,
        long wallMillis) {
    /**
     * Returns the faults that fired over all runs.
     *
     * @return the faults that fired
     */
    public int injected() {
        return runs.stream().mapToInt(r -> r.injected().size()).sum();
    }

    /**
     * Returns how many runs ended with an outcome.
     *
     * @param outcome the outcome
     * @return the number of runs
     */
    public int count(Outcome outcome) {
        return (int) runs.stream().filter(r -> r.outcome() == outcome).count();
    }

    /**
     * Returns the share of runs, in percent, that ended with an outcome.
     *
     * @param outcome the outcome
     * @return percent of runs (0 without runs)
     */
    public double percent(Outcome outcome) {
        return runs.isEmpty() ? 0 : 100.0 * count(outcome) / runs.size();
    }

    /**
     * Returns the faults fired, by kind and then direction.
     *
     * @return counts by kind and direction (every kind and direction present)
     */
    public Map<FaultKind, Map<Direction, Integer>> byKind() {
        Map<FaultKind, Map<Direction, Integer>> out = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            Map<Direction, Integer> m = new EnumMap<>(Direction.class);
            for (Direction d : Direction.values()) {
                m.put(d, 0);
            }
            out.put(k, m);
        }
        for (RunResult r : runs) {
            for (Fault f : r.injected()) {
                out.get(f.kind()).merge(f.direction(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * Returns the runs that ended with an outcome.
     *
     * @param outcome the outcome
     * @return those runs, in order
     */
    public List<RunResult> runs(Outcome outcome) {
        return runs.stream().filter(r -> r.outcome() == outcome).toList();
    }

    /**
     * Returns the summary as text, several lines.
     *
     * @return the summary as text
     */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%s fault campaign, seed %d: %d faults fired (%d planned) in %d runs,"
                                + " %.1f s%n",
                        protocol,
                        settings.seed(),
                        injected(),
                        planned,
                        runs.size(),
                        wallMillis / 1000.0));
        b.append("faults fired by kind (host->board / board->host):");
        for (Map.Entry<FaultKind, Map<Direction, Integer>> e : byKind().entrySet()) {
            if (settings.kinds().contains(e.getKey())) {
                b.append(
                        String.format(
                                " %s %d/%d",
                                e.getKey().name().toLowerCase(Locale.ROOT),
                                e.getValue().get(Direction.HOST_TO_BOARD),
                                e.getValue().get(Direction.BOARD_TO_HOST)));
            }
        }
        b.append(System.lineSeparator());
        b.append(
                String.format(
                        Locale.ROOT,
                        "runs: %d finished correctly (%.1f %%), %d clear errors naming the link"
                                + " (%.1f %%), %d unclear errors, %d internal errors, %d WRONG RESULTS ACCEPTED%n",
                        count(Outcome.CORRECT),
                        percent(Outcome.CORRECT),
                        count(Outcome.CLEAR_ERROR),
                        percent(Outcome.CLEAR_ERROR),
                        count(Outcome.UNCLEAR_ERROR),
                        count(Outcome.INTERNAL_ERROR),
                        count(Outcome.WRONG_ACCEPTED)));
        for (RunResult r : runs(Outcome.WRONG_ACCEPTED)) {
            b.append("  wrong accepted in run ")
                    .append(r.run())
                    .append(" (plan seed ")
                    .append(r.seed())
                    .append(", ")
                    .append(r.injected().stream().map(Fault::describe).toList())
                    .append("): ")
                    .append(r.verdict().detail())
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    /**
     * Returns the summary as a JSON-ready tree (maps, lists, numbers, strings).
     *
     * @return the summary as a JSON-ready tree
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", protocol);
        out.put("seed", settings.seed());
        out.put("faults_requested", settings.faults());
        out.put("max_faults_per_run", settings.maxFaultsPerRun());
        out.put("max_delay_ms", settings.maxDelayMillis());
        out.put(
                "kinds",
                settings.kinds().stream()
                        .map(k -> k.name().toLowerCase(Locale.ROOT))
                        .sorted()
                        .toList());
        out.put("fault_free_bytes", directions(hostToBoardBytes, boardToHostBytes));
        out.put("faults_planned", planned);
        out.put("faults_injected", injected());
        Map<String, Object> kinds = new LinkedHashMap<>();
        byKind().forEach(
                        (k, m) ->
                                kinds.put(
                                        k.name().toLowerCase(Locale.ROOT),
                                        directions(
                                                m.get(Direction.HOST_TO_BOARD),
                                                m.get(Direction.BOARD_TO_HOST))));
        out.put("faults_by_kind", kinds);
        out.put("runs", runs.size());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", count(o));
            m.put("percent", percent(o));
            outcomes.put(o.name().toLowerCase(Locale.ROOT), m);
        }
        out.put("outcomes", outcomes);
        out.put("wall_seconds", wallMillis / 1000.0);
        List<Object> notable = new ArrayList<>();
        for (RunResult r : runs) {
            if (r.outcome() != Outcome.CORRECT) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", r.run());
                m.put("plan_seed", r.seed());
                m.put("faults", r.injected().stream().map(Fault::describe).toList());
                m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
                m.put("detail", r.verdict().detail());
                notable.add(m);
            }
        }
        out.put("runs_not_correct", notable);
        return out;
    }

    private static Map<String, Object> directions(Object hostToBoard, Object boardToHost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host_to_board", hostToBoard);
        m.put("board_to_host", boardToHost);
        return m;
    }
}
