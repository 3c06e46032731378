package org.tinyprune.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one stage of a multi-stage run ({@code prune-and-flash}) was made from, kept as {@code
 * stage.json} in the stage's folder so that {@code --resume} reuses a stage only when it was made
 * for the same run.
 *
 * <p>A record has two parts. {@code config} holds what the user chose (options, budgets, board, the
 * board profile's cost model and build settings): a stage recorded under another config is refused
 * on resume, as {@code prune --resume} refuses a checkpoint of another configuration, because
 * reusing it would report a result the command line did not ask for, and silently redoing it could
 * throw away hours of work. {@code inputs} holds fingerprints of what earlier stages of the same
 * run produced: when an earlier stage was made again, the stage is simply made again.
 *
 * <p>A stage starts by {@link #clear clearing} its record and ends by {@link #write writing} it, so
 * a stage that was interrupted, or whose files were written by a version of tinyprune that kept no
 * record, is made again (resuming from its own checkpoint where it has one), never reused.
 *
 * @param stage the stage's name, e.g. {@code prune}
 * @param config the user's choices the stage depends on, as text
 * @param inputs fingerprints of the earlier stages' files the stage read
 */
public record StageRecord(String stage, Map<String, String> config, Map<String, String> inputs) {
    /** The record's file name in a stage folder. */
    public static final String FILE = "stage.json";

    /** Copies the maps (keeping their order). */
    public StageRecord {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** What {@code --resume} does with a stage. */
    public enum Decision {
        /** The stage's record equals this run's: keep its files. */
        REUSE,
        /** Make the stage (again): there is no record, or an earlier stage's output changed. */
        RUN
    }

    /**
     * A record of {@code config} entries made text ({@code String.valueOf}, so numbers compare as
     * written).
     */
    public static StageRecord of(String stage, Map<String, ?> config, Map<String, String> inputs) {
        Map<String, String> c = new LinkedHashMap<>();
        config.forEach((k, v) -> c.put(k, String.valueOf(v)));
        return new StageRecord(stage, c, inputs);
    }

    /**
     * Decides whether the stage in {@code dir} can be reused for this record.
     *
     * @param dir the stage's folder
     * @param resume whether the user asked to resume; without it every stage runs
     * @param outputs the files (relative to {@code dir}) the stage must have left for a reuse
     * @return {@link Decision#REUSE} only when resuming, the recorded config and inputs equal this
     *     record's and every output exists
     * @throws IllegalArgumentException when resuming and the stage was recorded under another
     *     config; the message lists each difference and the fix
     * @throws IOException when the record exists but cannot be read
     */
    public Decision decide(Path dir, boolean resume, String... outputs) throws IOException {
        if (!resume) {
            return Decision.RUN;
        }
        StageRecord recorded = read(dir);
        if (recorded == null) {
            return Decision.RUN;
        }
        List<String> differences = differences(recorded.config(), config);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot resume: stage "
                            + stage
                            + " in "
                            + dir
                            + " was made with "
                            + String.join("; ", differences)
                            + ". Run without --resume to make every stage again, or give "
                            + "another --out");
        }
        for (String o : outputs) {
            if (!Files.exists(dir.resolve(o))) {
                return Decision.RUN;
            }
        }
        return recorded.inputs().equals(inputs) ? Decision.REUSE : Decision.RUN;
    }

    /** {@code key: recorded (was) vs now} for each entry that differs, in a stable order. */
    static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            String was = recorded.get(k);
            String is = now.get(k);
            if (was == null || !was.equals(is)) {
                out.add(
                        k
                                + " "
                                + (was == null ? "unset" : "'" + was + "'")
                                + " (now "
                                + (is == null ? "unset" : "'" + is + "'")
                                + ")");
            }
        }
        return out;
    }

    /**
     * Reads the record in {@code dir}.
     *
     * @return the record, or null when the folder has none
     * @throws IOException naming the file when it exists but is not a stage record
     */
    public static StageRecord read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonObject o = Json.read(file).getAsJsonObject();
            return new StageRecord(
                    o.get("stage").getAsString(),
                    strings(o.getAsJsonObject("config")),
                    strings(o.getAsJsonObject("inputs")));
        } catch (RuntimeException e) {
            throw new IOException(
                    file
                            + " is not a stage record ("
                            + e.getMessage()
                            + "); run without --resume to "
                            + "make every stage again",
                    e);
        }
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            m.put(e.getKey(), e.getValue().getAsString());
        }
        return m;
    }

    /** Writes this record into {@code dir} atomically (the stage's last file). */
    public void write(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("config", config);
        m.put("inputs", inputs);
        Json.write(dir.resolve(FILE), m);
    }

    /** Removes the record of the stage in {@code dir} (before the stage is made again). */
    public static void clear(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
    }
}
