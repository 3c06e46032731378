package org.tinyprune.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.prune.Resource;
import org.tinyprune.prune.WidthSearch;

/**
 * {@code search.json}, the record of a {@code search} run's width search: every candidate (counts
 * per group, resources, proxy accuracy, seconds) in the order evaluated, whether the search
 * finished, its wall time, and the configuration it belongs to. Written after every candidate and
 * read back by {@code --resume}, which replays the candidates it holds instead of training them
 * again. One record for the writer and the reader.
 *
 * @param configHash hash of the run's configuration and planned budgets
 * @param config the run's configuration, for people reading the file
 * @param settings population, sample, proxy images and the held-out images
 * @param candidates every candidate evaluated, in order
 * @param finished true once the search has evaluated all it will
 * @param seconds wall time of the search over every session of the run
 */
record SearchRecord(
        long configHash,
        Map<String, Object> config,
        Map<String, Object> settings,
        List<WidthSearch.Candidate> candidates,
        boolean finished,
        double seconds) {
    /** The file in the run directory. */
    static final String FILE = "search.json";

    /** The record as JSON values (the best candidate repeated at the top, 1-based numbers). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_hash", configHash);
        m.put("finished", finished);
        m.put("seconds", seconds);
        WidthSearch.Candidate best = best();
        if (best != null) {
            m.put("best", best.index() + 1);
            m.put("best_counts", best.counts());
            m.put("best_proxy_accuracy", best.fitness());
        }
        m.put("settings", settings);
        m.put("config", config);
        List<Map<String, Object>> list = new ArrayList<>();
        for (WidthSearch.Candidate c : candidates) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("number", c.index() + 1);
            e.put("origin", c.origin());
            e.put("counts", c.counts());
            for (Resource r : Resource.values()) {
                e.put(r.key(), Math.round(c.totals()[r.ordinal()]));
            }
            e.put("proxy_accuracy", c.fitness());
            e.put("seconds", c.seconds());
            list.add(e);
        }
        m.put("candidates", list);
        return m;
    }

    /** The fittest candidate (the earliest of equally fit ones), or null before the first. */
    WidthSearch.Candidate best() {
        WidthSearch.Candidate best = null;
        for (WidthSearch.Candidate c : candidates) {
            if (best == null || c.fitness() > best.fitness()) {
                best = c;
            }
        }
        return best;
    }

    /** Writes the record atomically. */
    void write(Path file) throws IOException {
        Json.write(file, toMap());
    }

    /**
     * Reads a record {@link #write} wrote. The counts are read as written; whether they fit the run
     * is for the caller to check.
     *
     * @throws IllegalArgumentException naming the file and the field when it is not such a record
     */
    static SearchRecord read(Path file) throws IOException {
        try {
            JsonObject o = Json.read(file).getAsJsonObject();
            List<WidthSearch.Candidate> list = new ArrayList<>();
            JsonArray cs = field(o, "candidates").getAsJsonArray();
            for (int i = 0; i < cs.size(); i++) {
                JsonObject c = cs.get(i).getAsJsonObject();
                if (field(c, "number").getAsInt() != i + 1) {
                    throw new IllegalArgumentException(
                            "candidate " + (i + 1) + " is numbered " + c.get("number"));
                }
                JsonArray a = field(c, "counts").getAsJsonArray();
                int[] counts = new int[a.size()];
                for (int k = 0; k < counts.length; k++) {
                    counts[k] = a.get(k).getAsInt();
                }
                double accuracy = field(c, "proxy_accuracy").getAsDouble();
                double seconds = field(c, "seconds").getAsDouble();
                if (!(accuracy >= 0 && accuracy <= 1) || !(seconds >= 0)) {
                    throw new IllegalArgumentException(
                            "candidate "
                                    + (i + 1)
                                    + " has proxy_accuracy "
                                    + accuracy
                                    + " and seconds "
                                    + seconds);
                }
                list.add(
                        new WidthSearch.Candidate(
                                i,
                                field(c, "origin").getAsString(),
                                counts,
                                new double[4],
                                accuracy,
                                seconds,
                                true));
            }
            double seconds = field(o, "seconds").getAsDouble();
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("seconds is " + seconds);
            }
            return new SearchRecord(
                    field(o, "config_hash").getAsLong(),
                    Map.of(),
                    Map.of(),
                    List.copyOf(list),
                    field(o, "finished").getAsBoolean(),
                    seconds);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file
                            + " is not a search record a run wrote ("
                            + e.getMessage()
                            + "); delete it, or run without --resume",
                    e);
        }
    }

    private static JsonElement field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return e;
    }
}
