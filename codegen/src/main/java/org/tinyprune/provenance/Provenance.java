package org.tinyprune.provenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;

/**
 * Where an artefact came from: tinyprune version, git commit, the full configuration (every option
 * as key/value), the random seed, and the identity of the dataset and the board profile. Carried by
 * every artefact so any run can be reproduced from its output.
 *
 * <p>Immutable. Build one with {@link #builder()}; version and commit default to the running build
 * ({@link BuildInfo}). Rendered three ways: {@link #toMetadataProps()} for ONNX, {@link
 * #toCComment()} for generated C, {@link #toJson()} for report.json. Configuration keys are kept
 * sorted so the renderings are deterministic.
 */
public final class Provenance {

    /** Prefix of every ONNX metadata key we write. */
    public static final String KEY_PREFIX = "tinyprune.";

    /** What is recorded for a dataset or board that does not apply to the artefact. */
    public static final String NONE = "none";

    private final String version;
    private final String gitCommit;
    private final long seed;
    private final String dataset;
    private final String board;
    private final SortedMap<String, String> configuration;

    private Provenance(Builder b) {
        this.version = b.version;
        this.gitCommit = b.gitCommit;
        this.seed = b.seed;
        this.dataset = b.dataset;
        this.board = b.board;
        this.configuration = Collections.unmodifiableSortedMap(new TreeMap<>(b.configuration));
    }

    /**
     * The ONNX metadata key under which a configuration entry is written.
     *
     * @param key the configuration key, e.g. {@code normalization_mean}
     * @return e.g. {@code tinyprune.config.normalization_mean}
     */
    public static String configKey(String key) {
        return KEY_PREFIX + "config." + key;
    }

    /** A builder with version and commit taken from the running build. */
    public static Builder builder() {
        return new Builder();
    }

    /** tinyprune version (the Maven project version). */
    public String version() {
        return version;
    }

    /** Git commit of the tinyprune sources, possibly with "-dirty", or "unknown". */
    public String gitCommit() {
        return gitCommit;
    }

    /** Seed of every random choice of the run. */
    public long seed() {
        return seed;
    }

    /** Dataset identity (name, location, fingerprint), or {@value #NONE}. */
    public String dataset() {
        return dataset;
    }

    /** Board-profile identity (name, fingerprint), or {@value #NONE}. */
    public String board() {
        return board;
    }

    /** The full configuration, sorted by key. */
    public SortedMap<String, String> configuration() {
        return configuration;
    }

    /**
     * All facts as one flat, ordered map with {@code tinyprune.}-prefixed keys; configuration
     * entries appear as {@code tinyprune.config.<key>}.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_PREFIX + "version", version);
        m.put(KEY_PREFIX + "git_commit", gitCommit);
        m.put(KEY_PREFIX + "seed", Long.toString(seed));
        m.put(KEY_PREFIX + "dataset", dataset);
        m.put(KEY_PREFIX + "board", board);
        configuration.forEach((k, v) -> m.put(configKey(k), v));
        return m;
    }

    /** The facts as ONNX {@code metadata_props} entries (see {@link #toMap()} for the keys). */
    public List<StringStringEntryProto> toMetadataProps() {
        List<StringStringEntryProto> out = new ArrayList<>();
        toMap().forEach(
                        (k, v) ->
                                out.add(
                                        StringStringEntryProto.newBuilder()
                                                .setKey(k)
                                                .setValue(v)
                                                .build()));
        return out;
    }

    /**
     * Reads provenance back from ONNX {@code metadata_props} written by {@link #toMetadataProps()}.
     *
     * @throws IllegalArgumentException if a required key is missing or the seed is not a number
     */
    public static Provenance fromMetadataProps(List<StringStringEntryProto> props) {
        Map<String, String> m = new LinkedHashMap<>();
        props.forEach(e -> m.put(e.getKey(), e.getValue()));
        Builder b =
                builder()
                        .version(required(m, "version"))
                        .gitCommit(required(m, "git_commit"))
                        .dataset(required(m, "dataset"))
                        .board(required(m, "board"));
        String seed = required(m, "seed");
        try {
            b.seed(Long.parseLong(seed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "metadata '" + KEY_PREFIX + "seed' is '" + seed + "', not an integer");
        }
        String cfg = configKey("");
        m.forEach(
                (k, v) -> {
                    if (k.startsWith(cfg)) {
                        b.config(k.substring(cfg.length()), v);
                    }
                });
        return b.build();
    }

    /**
     * A C block comment (ending in a newline) for the top of generated sources. Values are
     * flattened to one line and cannot close the comment early.
     */
    public String toCComment() {
        StringBuilder sb = new StringBuilder("/*\n");
        sb.append(" * Generated by tinyprune ").append(c(version)).append('\n');
        sb.append(" * git commit: ").append(c(gitCommit)).append('\n');
        sb.append(" * seed: ").append(seed).append('\n');
        sb.append(" * dataset: ").append(c(dataset)).append('\n');
        sb.append(" * board: ").append(c(board)).append('\n');
        sb.append(" * configuration:\n");
        configuration.forEach(
                (k, v) -> sb.append(" *   ").append(c(k)).append(" = ").append(c(v)).append('\n'));
        return sb.append(" */\n").toString();
    }

    /** A JSON object: version, git_commit, seed (number), dataset, board, configuration {...}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"tinyprune_version\":").append(Json.quote(version));
        sb.append(",\"git_commit\":").append(Json.quote(gitCommit));
        sb.append(",\"seed\":").append(seed);
        sb.append(",\"dataset\":").append(Json.quote(dataset));
        sb.append(",\"board\":").append(Json.quote(board));
        sb.append(",\"configuration\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : configuration.entrySet()) {
            sb.append(first ? "" : ",")
                    .append(Json.quote(e.getKey()))
                    .append(':')
                    .append(Json.quote(e.getValue()));
            first = false;
        }
        return sb.append("}}").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provenance p && toMap().equals(p.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(KEY_PREFIX + key);
        if (v == null) {
            throw new IllegalArgumentException(
                    "metadata_props lack '"
                            + KEY_PREFIX
                            + key
                            + "': the model was not written by tinyprune's exporter or was stripped");
        }
        return v;
    }

    /** One line of C comment text: no newlines, no control characters, no comment terminator. */
    private static String c(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            sb.append(Character.isISOControl(ch) ? ' ' : ch);
        }
        return sb.toString().replace("*/", "*\\/").replace("/*", "/\\*");
    }

    /** Collects the facts; every field except the seed has a sensible default. */
    public static final class Builder {
        private String version = BuildInfo.version();
        private String gitCommit = BuildInfo.gitCommit();
        private long seed;
        private boolean seedSet;
        private String dataset = NONE;
        private String board = NONE;
        private final Map<String, String> configuration = new TreeMap<>();

        private Builder() {}

        /** Overrides the tinyprune version (tests, or re-reading an artefact). */
        public Builder version(String v) {
            this.version = Objects.requireNonNull(v, "version");
            return this;
        }

        /** Overrides the git commit (tests, or re-reading an artefact). */
        public Builder gitCommit(String c) {
            this.gitCommit = Objects.requireNonNull(c, "gitCommit");
            return this;
        }

        /** The seed of the run (required). */
        public Builder seed(long s) {
            this.seed = s;
            this.seedSet = true;
            return this;
        }

        /** Dataset identity, e.g. {@code fashion-mnist (/usr/share/datasets/fashion-mnist)}. */
        public Builder dataset(String d) {
            this.dataset = Objects.requireNonNull(d, "dataset");
            return this;
        }

        /** Board-profile identity, e.g. {@code qemu-m4 sha256:1a2b...}. */
        public Builder board(String b) {
            this.board = Objects.requireNonNull(b, "board");
            return this;
        }

        /** One configuration entry; the value is recorded with {@link String#valueOf(Object)}. */
        public Builder config(String key, Object value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("configuration keys must be non-empty");
            }
            configuration.put(key, String.valueOf(value));
            return this;
        }

        /** Every entry of {@code entries} as configuration. */
        public Builder config(Map<String, ?> entries) {
            entries.forEach(this::config);
            return this;
        }

        /**
         * The provenance.
         *
         * @throws IllegalStateException if no seed was given
         */
        public Provenance build() {
            if (!seedSet) {
                throw new IllegalStateException(
                        "provenance needs the run's seed: call seed(long)"
                                + " (every random choice in tinyprune is seeded)");
            }
            return new Provenance(this);
        }
    }
}
