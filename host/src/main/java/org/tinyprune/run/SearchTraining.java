package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.TrainingData;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.Baselines;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.CostView;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.WidthSearch;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.Evaluation;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingDivergedException;

/**
 * The search phase of the {@code search} method, in the spirit of μNAS and SpArSe: a {@link
 * WidthSearch} over per-group widths whose fitness is a proxy accuracy. Each candidate is cut from
 * the run's start network (the largest-L1 channels of each group when it holds trained weights, the
 * first channels of the seeded initialisation otherwise), trained for one epoch on {@link
 * SearchConfig#proxyImages()} training images with the run's trainer (learning rate, distillation)
 * and schedule shortened to that epoch, and scored on held-out training images: the run's
 * validation split, or, without one, a slice of the training images kept out of proxy training. The
 * test set is never seen. The best candidate is what the run then trains fully.
 *
 * <p>{@code search.json} ({@link SearchRecord}) is rewritten after every candidate; with {@code
 * --resume} the candidates it holds are replayed, not trained again, and a finished search is not
 * repeated.
 */
final class SearchTraining {
    /** Held-out images a candidate is scored on, at most. */
    static final int HELD_OUT = 2000;

    private static final double HELD_OUT_SHARE = 0.2;
    private static final long SALT = 0x5EA4C4L;

    private final PruneConfig config;
    private final Session session;
    private final Budgets budgets;
    private final Overheads model;
    private final int multiple;
    private final Path file;
    private final long configHash;
    private final boolean trained;
    private final PrintStream progress;
    private SearchRecord record;

    /**
     * @param file the run's {@code search.json}
     * @param configHash the run's configuration hash, which {@code search.json} must carry to be
     *     resumed
     * @param trained true when the start network holds trained weights
     */
    SearchTraining(
            PruneConfig config,
            Session session,
            Overheads model,
            Budgets budgets,
            int multiple,
            Path file,
            long configHash,
            boolean trained,
            PrintStream progress) {
        this.config = config;
        this.session = session;
        this.model = model;
        this.budgets = budgets;
        this.multiple = multiple;
        this.file = file;
        this.configHash = configHash;
        this.trained = trained;
        this.progress = progress;
    }

    /**
     * Searches (or reads the finished search back) and returns the best candidate's network, cut
     * from the start network, ready to be trained fully.
     *
     * @param resume continue the search {@code search.json} holds
     * @param mustBeFinished true when the final training has started (its checkpoint exists), so
     *     the search must be finished in {@code search.json}
     * @throws BudgetInfeasibleException before any training, when the architecture cannot meet the
     *     budgets
     * @throws IllegalArgumentException when {@code search.json} belongs to another configuration or
     *     does not fit this run
     */
    Graph run(boolean resume, boolean mustBeFinished)
            throws BudgetInfeasibleException, TrainingDivergedException, IOException {
        long t0 = System.nanoTime();
        Graph base = session.graph();
        CouplingGroups groups = CouplingGroups.analyse(base);
        CostView view = CostView.of(base, groups, model, budgets, List.of());
        WidthSearch search =
                new WidthSearch(
                        view,
                        budgets.asArray(),
                        multiple,
                        WidthSearch.Settings.of(
                                config.search().candidates(), config.train().seed()));
        SearchRecord prior =
                resume && Files.exists(file) ? check(SearchRecord.read(file), search) : null;
        if (mustBeFinished && (prior == null || !prior.finished())) {
            throw new IllegalArgumentException(
                    "the final training has a checkpoint but "
                            + file
                            + " holds no finished "
                            + "search; run without --resume, or use another --out");
        }
        Map<List<Integer>, WidthSearch.Candidate> known = new HashMap<>();
        if (prior != null) {
            prior.candidates().forEach(c -> known.put(WidthSearch.key(c.counts()), c));
            progress.printf(
                    "search: %d candidate(s) from %s%s%n",
                    known.size(), file, prior.finished() ? ", finished" : "; continuing");
        }
        double priorSeconds = prior == null ? 0 : prior.seconds();
        Proxy proxy = new Proxy(base, groups, view, prior != null && prior.finished());
        Map<String, Object> settings = settings(search, view, proxy);
        List<WidthSearch.Candidate> done = new ArrayList<>();
        WidthSearch.Result result =
                search.run(
                        proxy::accuracy,
                        known,
                        c -> {
                            done.add(c);
                            print(c);
                            if (!c.replayed()) {
                                save(
                                        new SearchRecord(
                                                configHash,
                                                config.asMap(),
                                                settings,
                                                List.copyOf(done),
                                                false,
                                                priorSeconds + (System.nanoTime() - t0) / 1e9));
                            }
                        });
        double seconds =
                prior != null && prior.finished()
                        ? priorSeconds
                        : priorSeconds + (System.nanoTime() - t0) / 1e9;
        record =
                new SearchRecord(
                        configHash, config.asMap(), settings, result.candidates(), true, seconds);
        if (prior == null || !prior.finished()) {
            save(record);
        }
        WidthSearch.Candidate best = result.best();
        progress.printf(
                Locale.ROOT,
                "search: best #%d %s, proxy %.2f %%, after %d candidates in %.1f s%n",
                best.index() + 1,
                Arrays.toString(best.counts()),
                100 * best.fitness(),
                result.candidates().size(),
                seconds);
        return Baselines.atCounts(base, groups, view, best.counts(), trained);
    }

    /** Wall time of the search over every session of the run (after {@link #run}). */
    double seconds() {
        return record.seconds();
    }

    /** The search for report.json: seconds, candidates and the best (after {@link #run}). */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        WidthSearch.Candidate best = record.best();
        m.put("seconds", record.seconds());
        m.put("candidates", record.candidates().size());
        m.put("best", best.index() + 1);
        m.put("best_counts", best.counts());
        m.put("best_proxy_accuracy", best.fitness());
        m.putAll(record.settings());
        m.put("file", SearchRecord.FILE);
        return m;
    }

    /** Checks that a record read back belongs to this run: same configuration, counts that fit. */
    private SearchRecord check(SearchRecord r, WidthSearch search) {
        if (r.configHash() != configHash) {
            throw new IllegalArgumentException(
                    file
                            + " was written by a run with another configuration (method, "
                            + "budgets, search settings, epochs, data or seed differ); run without --resume, or use another --out");
        }
        for (WidthSearch.Candidate c : r.candidates()) {
            if (!search.valid(c.counts())) {
                throw new IllegalArgumentException(
                        file
                                + ": candidate "
                                + (c.index() + 1)
                                + " "
                                + Arrays.toString(c.counts())
                                + " is not a width vector of this network within the budgets; "
                                + "delete it, or run without --resume");
            }
        }
        return r;
    }

    private Map<String, Object> settings(WidthSearch search, CostView view, Proxy proxy) {
        WidthSearch.Settings s =
                WidthSearch.Settings.of(config.search().candidates(), config.train().seed());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidates_asked", s.candidates());
        m.put("population", s.population());
        m.put("sample", s.sample());
        m.put("proxy_images", proxy.trainImages());
        m.put("proxy_epochs", 1);
        m.put("held_out_images", proxy.heldOutImages());
        m.put("held_out", proxy.heldOutSource());
        m.put(
                "start",
                trained
                        ? "trained weights, largest-L1 channels per group"
                        : "seeded initialisation, first channels per group");
        m.put("uniform_counts", search.uniform());
        List<Map<String, Object>> order = new ArrayList<>();
        for (CouplingGroups.Group g : view.variables()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("group", g.id());
            e.put("channels", g.channels());
            e.put("producers", g.producers());
            order.add(e);
        }
        m.put("counts_are", order);
        return m;
    }

    private void save(SearchRecord r) {
        try {
            r.write(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    private void print(WidthSearch.Candidate c) {
        double[] t = c.totals();
        progress.printf(
                Locale.ROOT,
                "search %d/%d %-16s %s  flash %,.0f B, SRAM %,.0f B, %,.0f cycles, %,.0f MACs: "
                        + "proxy %.2f %% (%.1f s%s)%n",
                c.index() + 1,
                config.search().candidates(),
                c.origin(),
                Arrays.toString(c.counts()),
                t[0],
                t[1],
                t[2],
                t[3],
                100 * c.fitness(),
                c.seconds(),
                c.replayed() ? ", from " + SearchRecord.FILE : "");
    }

    /** The proxy: brief training on a few training images, scored on held-out training images. */
    private final class Proxy {
        private final Graph base;
        private final CouplingGroups groups;
        private final CostView view;
        private final Session brief;
        private final ImageSet heldOut;
        private final String heldOutSource;
        private final boolean replayOnly;

        /**
         * @param replayOnly true when every fitness comes from search.json: any evaluation is
         *     refused
         */
        Proxy(Graph base, CouplingGroups groups, CostView view, boolean replayOnly) {
            this.base = base;
            this.groups = groups;
            this.view = view;
            this.replayOnly = replayOnly;
            TrainingData d = session.data();
            SplittableRandom rng = new SplittableRandom(config.train().seed() ^ SALT);
            ImageSet pool = d.train();
            ImageSet scored;
            if (d.validation().size() > 0) {
                scored = d.validation();
                heldOutSource = "validation split";
            } else {
                int[] order = shuffled(pool.size(), rng);
                int n = Math.max(1, Math.min(HELD_OUT, (int) (pool.size() * HELD_OUT_SHARE)));
                scored = pool.subset(Arrays.copyOf(order, n));
                pool = pool.subset(Arrays.copyOfRange(order, n, order.length));
                heldOutSource = "training images kept out of proxy training";
            }
            heldOut =
                    scored.size() > HELD_OUT
                            ? scored.subset(Arrays.copyOf(shuffled(scored.size(), rng), HELD_OUT))
                            : scored;
            int images = config.search().proxyImages();
            ImageSet train =
                    pool.size() > images
                            ? pool.subset(Arrays.copyOf(shuffled(pool.size(), rng), images))
                            : pool;
            if (!replayOnly && train.size() < config.train().batchSize()) {
                throw new IllegalArgumentException(
                        "--search-proxy-images "
                                + images
                                + " leaves "
                                + train.size()
                                + " training image(s) per candidate, fewer than one batch (--batch-size "
                                + config.train().batchSize()
                                + "); raise --search-proxy-images or lower --batch-size");
            }
            TrainingData proxyData =
                    new TrainingData(
                            d.dataset(),
                            train,
                            train.subset(new int[0]),
                            d.normalization(),
                            d.augmentation(),
                            d.splitSeed());
            brief =
                    new Session(
                            config.train().withSchedule(1, config.train().learningRate()),
                            proxyData,
                            base,
                            session.imported(),
                            session.teacher());
        }

        int trainImages() {
            return brief.data().train().size();
        }

        int heldOutImages() {
            return heldOut.size();
        }

        String heldOutSource() {
            return heldOutSource;
        }

        /**
         * Proxy accuracy of {@code counts}: one brief epoch from the start network, then held-out
         * accuracy.
         */
        double accuracy(int[] counts) throws TrainingDivergedException {
            if (replayOnly) {
                throw new IllegalArgumentException(
                        file
                                + " says the search finished but does not hold candidate "
                                + Arrays.toString(counts)
                                + " that replaying it reaches; delete it, or run without --resume");
            }
            Graph candidate = Baselines.atCounts(base, groups, view, counts, trained);
            Trainer t = brief.trainer(candidate);
            t.fit(brief.trainingBatches(), 1);
            return Evaluation.accuracy(
                    t.graph(), MiniBatches.evaluation(heldOut, brief.data().normalization(), 256));
        }
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
