package org.tinyprune.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.prune.Salience;

/**
 * A pruning run: the training configuration plus the board, the budgets as given on the command
 * line (null: the board's available memory, or none for latency and MACs), the method and salience.
 *
 * @param train training configuration (epochs include pruning and fine-tuning)
 * @param board board profile name
 * @param flash flash budget text, e.g. {@code 64KiB}, or null
 * @param sram SRAM budget text, or null
 * @param latency latency budget text ({@code 2000000} cycles or {@code 80ms}), or null
 * @param macs MAC budget text ({@code 3M}), or null
 * @param method {@code dnp}, {@code uniform}, {@code l1}, {@code search} (an evolutionary search
 *     over per-group widths, each candidate briefly trained), or {@code none} (the unpruned base
 *     trained the same way: the reference of a benchmark)
 * @param salience channel ranking of {@code dnp}
 * @param pruneShare share of the epochs spent pruning before fine-tuning, in (0, 1]
 * @param search how much {@code search} searches (null: {@link SearchConfig#DEFAULTS})
 */
public record PruneConfig(
        TrainConfig train,
        String board,
        String flash,
        String sram,
        String latency,
        String macs,
        String method,
        Salience salience,
        double pruneShare,
        SearchConfig search) {
    /** The methods. */
    public static final java.util.List<String> METHODS =
            java.util.List.of("dnp", "uniform", "l1", "search", "none");

    /** A configuration with the default search settings. */
    public PruneConfig(
            TrainConfig train,
            String board,
            String flash,
            String sram,
            String latency,
            String macs,
            String method,
            Salience salience,
            double pruneShare) {
        this(
                train,
                board,
                flash,
                sram,
                latency,
                macs,
                method,
                salience,
                pruneShare,
                SearchConfig.DEFAULTS);
    }

    /** Checks the method, the share and that a search's proxy trains on at least one batch. */
    public PruneConfig {
        method = method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException(
                    "--method '"
                            + method
                            + "' is unknown; choose one of "
                            + String.join(", ", METHODS));
        }
        if (search == null) {
            search = SearchConfig.DEFAULTS;
        }
        if (method.equals("search") && search.proxyImages() < train.batchSize()) {
            throw new IllegalArgumentException(
                    "--search-proxy-images "
                            + search.proxyImages()
                            + " is fewer than one batch"
                            + " (--batch-size "
                            + train.batchSize()
                            + "); raise --search-proxy-images or lower --batch-size");
        }
        if (!(pruneShare > 0 && pruneShare <= 1)) {
            throw new IllegalArgumentException(
                    "--prune-share must be in (0, 1], got " + pruneShare);
        }
    }

    /** True unless the method is {@code none}: the result must meet the budgets. */
    public boolean prunes() {
        return !method.equals("none");
    }

    /** Epochs of the pruning phase (at least one). */
    public int pruneEpochs() {
        return Math.max(1, (int) Math.round(train.epochs() * pruneShare));
    }

    /** The configuration as key/values, for provenance and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(train.asMap());
        m.put("board", board);
        m.put("flash_budget", flash == null ? "board" : flash);
        m.put("sram_budget", sram == null ? "board" : sram);
        m.put("latency_budget", latency == null ? "none" : latency);
        m.put("macs_budget", macs == null ? "none" : macs);
        m.put("method", method);
        m.put("salience", salience.name().toLowerCase(Locale.ROOT));
        m.put("prune_epochs", pruneEpochs());
        if (method.equals("search")) {
            m.putAll(search.asMap());
        }
        return m;
    }
}
