package org.tinyprune.prune;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A search over the channel count of every prunable group, in the spirit of μNAS and SpArSe:
 * regularized (aging) evolution under the budgets, by the exact resource model ({@link CostView}).
 *
 * <p>A candidate is an integer count per group (in the order of {@link CostView#variables()}) on
 * the group's grid ({@link #levels}: multiples of the board's channel multiple up to the width, and
 * the width itself) that meets every budget. The first candidate is the uniform width ({@link
 * Baselines#uniform}); the rest of the initial population are random vectors, shrunk onto the
 * budgets where they exceed them and then grown at random while they fit, so they spend the
 * budgets. Then, until the number of candidates is reached: sample {@code sample} members of the
 * population, take the fittest as parent, move one or two of its groups one step up or down the
 * grid (shrinking the other groups when that breaks a budget), evaluate the child, add it and drop
 * the oldest member. The fitness (e.g. proxy accuracy after brief training) comes from the caller;
 * no count vector is evaluated twice. Everything random comes from the seed, so a search with the
 * same fitness values visits the same candidates: a resumed search replays the ones it already
 * knows without evaluating them again.
 */
public final class WidthSearch {
    private static final int TRIES = 64;

    private final CostView view;
    private final double[] budgets;
    private final Settings settings;
    private final int[][] levels;
    private final int[] uniform;

    /**
     * How much to search.
     *
     * @param candidates count vectors to evaluate in all (the initial population included)
     * @param population size of the population (the initial population: the uniform width plus
     *     random vectors)
     * @param sample members drawn at random to pick each parent (the fittest of them)
     * @param seed seed of every random choice
     */
    public record Settings(int candidates, int population, int sample, long seed) {
        /** Checks the sizes. */
        public Settings {
            if (candidates < 1) {
                throw new IllegalArgumentException(
                        "--search-candidates must be >= 1, got " + candidates);
            }
            if (population < 1 || population > candidates) {
                throw new IllegalArgumentException(
                        "the search population must be in [1, "
                                + candidates
                                + "], got "
                                + population);
            }
            if (sample < 1 || sample > population) {
                throw new IllegalArgumentException(
                        "the search sample must be in [1, " + population + "], got " + sample);
            }
        }

        /**
         * {@code candidates} evaluations with a population of a third of them (at least 2 when
         * there are 2) and a sample of a third of the population (at least 2 when the population
         * allows).
         */
        public static Settings of(int candidates, long seed) {
            if (candidates < 1) {
                throw new IllegalArgumentException(
                        "--search-candidates must be >= 1, got " + candidates);
            }
            int population = Math.min(candidates, Math.max(2, (candidates + 2) / 3));
            int sample = Math.min(population, Math.max(2, (population + 2) / 3));
            return new Settings(candidates, population, sample, seed);
        }
    }

    /**
     * One evaluated candidate.
     *
     * @param index 0-based order of evaluation
     * @param origin {@code uniform}, {@code random} or {@code mutation of #k} (k: 1-based index)
     * @param counts channels per group, in the order of {@link CostView#variables()}
     * @param totals flash bytes, SRAM bytes, latency cycles and MACs by the resource model
     * @param fitness what the caller's fitness said (higher is better)
     * @param seconds seconds the fitness took
     * @param replayed true when the fitness came from an earlier search rather than being evaluated
     */
    public record Candidate(
            int index,
            String origin,
            int[] counts,
            double[] totals,
            double fitness,
            double seconds,
            boolean replayed) {}

    /**
     * What the search found.
     *
     * @param candidates every candidate in the order evaluated
     * @param best the fittest (the earliest of equally fit ones)
     */
    public record Result(List<Candidate> candidates, Candidate best) {}

    /**
     * The fitness of a count vector, e.g. proxy accuracy after brief training.
     *
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface Fitness<E extends Exception> {
        /** The fitness of {@code counts} (higher is better; finite). */
        double of(int[] counts) throws E;
    }

    /**
     * @param budgets flash, SRAM, latency and MAC budgets (infinite: none)
     * @param multiple the board's channel multiple
     * @throws BudgetInfeasibleException when even the smallest network misses a budget
     */
    public WidthSearch(CostView view, double[] budgets, int multiple, Settings settings)
            throws BudgetInfeasibleException {
        Hardening.checkFeasible(view, budgets, multiple);
        this.view = view;
        this.budgets = budgets.clone();
        this.settings = settings;
        this.levels =
                view.variables().stream()
                        .mapToInt(CouplingGroups.Group::channels)
                        .mapToObj(c -> levels(c, multiple))
                        .toArray(int[][]::new);
        this.uniform = Baselines.uniformCounts(view, this.budgets, multiple);
    }

    /**
     * The counts a group of {@code channels} may keep: the multiples of {@code multiple} up to
     * {@code channels}, and {@code channels} itself; only {@code channels} when it is not above
     * {@code multiple}.
     */
    public static int[] levels(int channels, int multiple) {
        if (channels <= multiple) {
            return new int[] {channels};
        }
        int n = channels / multiple;
        int[] l = new int[channels % multiple == 0 ? n : n + 1];
        for (int i = 0; i < n; i++) {
            l[i] = (i + 1) * multiple;
        }
        l[l.length - 1] = channels;
        return l;
    }

    /** The uniform-width counts, the first candidate. */
    public int[] uniform() {
        return uniform.clone();
    }

    /** The resource totals (flash, SRAM, latency, MACs) of {@code counts}. */
    public double[] totals(int[] counts) {
        return view.evaluate(Hardening.toDouble(counts)).totals();
    }

    /**
     * True when {@code counts} has one count per group, each on its grid, and meets every budget.
     */
    public boolean valid(int[] counts) {
        if (counts.length != levels.length) {
            return false;
        }
        for (int v = 0; v < counts.length; v++) {
            if (Arrays.binarySearch(levels[v], counts[v]) < 0) {
                return false;
            }
        }
        return Hardening.within(totals(counts), budgets);
    }

    /**
     * Runs the search.
     *
     * @param fitness evaluates a count vector not in {@code known}
     * @param known fitness and seconds of count vectors evaluated earlier (keyed by {@link #key}),
     *     replayed instead of evaluated
     * @param listener told of every candidate as soon as it is evaluated (or replayed)
     * @return every candidate and the best; fewer than {@code candidates} when the grid holds no
     *     further vector that meets the budgets
     * @throws E what the fitness throws
     */
    public <E extends Exception> Result run(
            Fitness<E> fitness, Map<List<Integer>, Candidate> known, Consumer<Candidate> listener)
            throws E {
        SplittableRandom rng = new SplittableRandom(settings.seed());
        List<Candidate> all = new ArrayList<>();
        Map<List<Integer>, Candidate> seen = new HashMap<>();
        ArrayDeque<Candidate> population = new ArrayDeque<>();
        while (all.size() < settings.candidates()) {
            int[] counts = null;
            String origin = "random";
            if (all.isEmpty()) {
                counts = uniform.clone();
                origin = "uniform";
            } else if (all.size() < settings.population()) {
                counts = fresh(rng, seen);
            }
            if (counts == null) {
                Candidate parent = tournament(rng, population);
                counts = mutant(rng, parent.counts(), seen);
                origin = "mutation of #" + (parent.index() + 1);
            }
            if (counts == null) {
                counts = fresh(rng, seen);
                origin = "random";
            }
            if (counts == null) {
                break; // every vector the search can reach is evaluated
            }
            Candidate c = evaluate(all.size(), origin, counts, fitness, known);
            all.add(c);
            seen.put(key(counts), c);
            population.addLast(c);
            if (population.size() > settings.population()) {
                population.removeFirst();
            }
            listener.accept(c);
        }
        Candidate best = all.get(0);
        for (Candidate c : all) {
            if (c.fitness() > best.fitness()) {
                best = c;
            }
        }
        return new Result(List.copyOf(all), best);
    }

    /** The key of a count vector in the {@code known} map. */
    public static List<Integer> key(int[] counts) {
        return Arrays.stream(counts).boxed().toList();
    }

    private <E extends Exception> Candidate evaluate(
            int index,
            String origin,
            int[] counts,
            Fitness<E> fitness,
            Map<List<Integer>, Candidate> known)
            throws E {
        double[] totals = totals(counts);
        Candidate k = known.get(key(counts));
        if (k != null) {
            return new Candidate(index, origin, counts, totals, k.fitness(), k.seconds(), true);
        }
        long t0 = System.nanoTime();
        double f = fitness.of(counts.clone());
        if (!Double.isFinite(f)) {
            throw new IllegalStateException(
                    "the fitness of " + Arrays.toString(counts) + " is " + f);
        }
        return new Candidate(
                index, origin, counts, totals, f, (System.nanoTime() - t0) / 1e9, false);
    }

    /** The fittest of {@code sample} members drawn without replacement (ties: the earliest). */
    private Candidate tournament(SplittableRandom rng, ArrayDeque<Candidate> population) {
        List<Candidate> pool = new ArrayList<>(population);
        Candidate best = null;
        for (int i = 0; i < Math.min(settings.sample(), pool.size()); i++) {
            Candidate c = pool.remove(rng.nextInt(pool.size()));
            if (best == null
                    || c.fitness() > best.fitness()
                    || (c.fitness() == best.fitness() && c.index() < best.index())) {
                best = c;
            }
        }
        return best;
    }

    /**
     * A child of {@code parent} not yet seen: one or two groups a step up or down, repaired onto
     * the budgets.
     */
    private int[] mutant(SplittableRandom rng, int[] parent, Map<List<Integer>, Candidate> seen) {
        List<Integer> movable = new ArrayList<>();
        for (int v = 0; v < levels.length; v++) {
            if (levels[v].length > 1) {
                movable.add(v);
            }
        }
        if (movable.isEmpty()) {
            return null;
        }
        for (int t = 0; t < TRIES; t++) {
            int[] c = parent.clone();
            List<Integer> pool = new ArrayList<>(movable);
            int groups = Math.min(pool.size(), 1 + rng.nextInt(2));
            boolean[] moved = new boolean[c.length];
            for (int i = 0; i < groups; i++) {
                int v = pool.remove(rng.nextInt(pool.size()));
                int at = Arrays.binarySearch(levels[v], c[v]);
                int step = rng.nextBoolean() ? 1 : -1;
                if (at + step < 0 || at + step >= levels[v].length) {
                    step = -step;
                }
                c[v] = levels[v][at + step];
                moved[v] = true;
            }
            c = repair(c, moved);
            if (c != null && !seen.containsKey(key(c))) {
                return c;
            }
        }
        return null;
    }

    /**
     * A random vector not yet seen: random levels, shrunk onto the budgets, then grown at random
     * while it fits.
     */
    private int[] fresh(SplittableRandom rng, Map<List<Integer>, Candidate> seen) {
        for (int t = 0; t < TRIES; t++) {
            int[] c = new int[levels.length];
            for (int v = 0; v < c.length; v++) {
                c[v] = levels[v][rng.nextInt(levels[v].length)];
            }
            c = repair(c, new boolean[c.length]);
            if (c == null) {
                continue;
            }
            while (true) {
                List<Integer> growable = new ArrayList<>();
                for (int v = 0; v < c.length; v++) {
                    int at = Arrays.binarySearch(levels[v], c[v]);
                    if (at + 1 < levels[v].length) {
                        int[] trial = c.clone();
                        trial[v] = levels[v][at + 1];
                        if (Hardening.within(totals(trial), budgets)) {
                            growable.add(v);
                        }
                    }
                }
                if (growable.isEmpty()) {
                    break;
                }
                int v = growable.get(rng.nextInt(growable.size()));
                c[v] = levels[v][Arrays.binarySearch(levels[v], c[v]) + 1];
            }
            if (!seen.containsKey(key(c))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Lowers counts a grid step at a time until every budget is met. Each step takes the group
     * whose step down saves the most over-budget resource (relative to its budget) per channel,
     * among the groups not {@code frozen}, else among the frozen ones; when no single step lowers
     * an over-budget total (a peak shared by several layers), the relatively widest group not
     * frozen, else the relatively widest frozen one.
     *
     * @return the repaired counts, or null when no group can go lower and a budget is still missed
     */
    int[] repair(int[] counts, boolean[] frozen) {
        int[] c = counts.clone();
        while (true) {
            double[] now = totals(c);
            if (Hardening.within(now, budgets)) {
                return c;
            }
            int best = -1;
            for (int pass = 0; pass < 4 && best < 0; pass++) {
                best = step(c, now, frozen, pass % 2 == 1, pass >= 2);
            }
            if (best < 0) {
                return null;
            }
            c[best] = levels[best][Arrays.binarySearch(levels[best], c[best]) - 1];
        }
    }

    /**
     * The group to step down among the frozen ({@code frozenOnes}) or the other groups: the one
     * that saves the most per channel, or with {@code widest} the relatively widest; -1 when none.
     */
    private int step(int[] c, double[] now, boolean[] frozen, boolean frozenOnes, boolean widest) {
        int best = -1;
        double bestSaving = 0;
        int wide = -1;
        double wideShare = -1;
        for (int v = 0; v < c.length; v++) {
            int at = Arrays.binarySearch(levels[v], c[v]);
            if (frozen[v] != frozenOnes || at == 0) {
                continue;
            }
            double share = (double) c[v] / levels[v][levels[v].length - 1];
            if (widest) {
                if (share > wideShare) {
                    wide = v;
                    wideShare = share;
                }
                continue;
            }
            int lower = levels[v][at - 1];
            int[] trial = c.clone();
            trial[v] = lower;
            double[] t = totals(trial);
            double saving = 0;
            for (int r = 0; r < now.length; r++) {
                if (now[r] > budgets[r]) {
                    saving += (now[r] - t[r]) / budgets[r];
                }
            }
            saving /= c[v] - lower;
            if (saving > bestSaving) {
                best = v;
                bestSaving = saving;
            }
        }
        return widest ? wide : best;
    }
}
