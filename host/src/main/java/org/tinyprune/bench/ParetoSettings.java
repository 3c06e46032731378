package org.tinyprune.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.prune.Salience;
import org.tinyprune.run.DistillConfig;
import org.tinyprune.run.ModelImport;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.TrainConfig;

/**
 * What a Pareto benchmark runs: per seed, the unpruned base and every method at every budget point.
 *
 * <p>From scratch (the default), every run trains {@code train}'s epochs at its learning rate from
 * the seed's initialisation. {@code fromBase}: the base trains {@code baseEpochs} from scratch at
 * {@code train}'s learning rate, then every method starts from that base's trained {@code
 * model.onnx} and trains {@code train}'s epochs at {@code fineTuneRate}. With {@code distill},
 * every method run (never the base) distils from its teacher: the given one, or, when its teacher
 * is null, the seed's trained base.
 *
 * @param train training configuration of every run; its seed is replaced by each of {@code seeds}
 *     and it carries no distillation (see {@code distill})
 * @param board board profile
 * @param points budget points
 * @param methods pruning methods, each run at every point
 * @param salience channel ranking of {@code dnp}
 * @param pruneShare share of a method run's epochs spent pruning
 * @param seeds the seeds; every run is repeated with each
 * @param fromBase true: every method starts from its seed's trained base
 * @param baseEpochs epochs of the base (equal to {@code train}'s unless {@code fromBase})
 * @param fineTuneRate peak learning rate of a method run that starts from the base
 * @param distill distillation of every method run (teacher null: the seed's base), or null
 */
public record ParetoSettings(
        TrainConfig train,
        String board,
        List<ParetoPoint> points,
        List<String> methods,
        Salience salience,
        double pruneShare,
        List<Long> seeds,
        boolean fromBase,
        int baseEpochs,
        float fineTuneRate,
        DistillConfig distill) {
    /** From scratch, one seed ({@code train}'s), no distillation. */
    public ParetoSettings(
            TrainConfig train,
            String board,
            List<ParetoPoint> points,
            List<String> methods,
            Salience salience,
            double pruneShare) {
        this(
                train,
                board,
                points,
                methods,
                salience,
                pruneShare,
                List.of(train.seed()),
                false,
                train.epochs(),
                TrainConfig.FINE_TUNE_RATE,
                null);
    }

    /** Checks the methods, seeds and schedule; messages name the flag. */
    public ParetoSettings {
        methods = clean(methods);
        points = List.copyOf(points);
        seeds = List.copyOf(seeds);
        if (new LinkedHashSet<>(points.stream().map(ParetoPoint::label).toList()).size()
                != points.size()) {
            throw new IllegalArgumentException("--points lists a point twice; drop one");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(
                    "--seeds is empty; give one or more seeds, e.g. 1,2,3");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException(
                    "--seeds lists a seed twice (" + seeds + "); drop one");
        }
        if (baseEpochs < 1) {
            throw new IllegalArgumentException("--base-epochs must be >= 1, got " + baseEpochs);
        }
        if (!fromBase && baseEpochs != train.epochs()) {
            throw new IllegalArgumentException(
                    "--base-epochs applies with --from-base only (from scratch, the base "
                            + "trains --epochs like every method); add --from-base or drop --base-epochs");
        }
        if (!(fineTuneRate > 0) || Float.isInfinite(fineTuneRate)) {
            throw new IllegalArgumentException(
                    "--fine-tune-lr must be a number > 0, got " + fineTuneRate);
        }
        if (train.distill() != null) {
            throw new IllegalArgumentException(
                    "the benchmark distils the method runs itself (the base is the "
                            + "teacher); give the distillation as the settings' distill, not in the training configuration");
        }
    }

    /**
     * Every pruning method ({@link PruneConfig#METHODS} without {@code none}): the default of
     * {@code --methods}.
     */
    public static List<String> allMethods() {
        return PruneConfig.METHODS.stream().filter(m -> !m.equals("none")).toList();
    }

    private static List<String> clean(List<String> methods) {
        String choices = String.join(", ", allMethods());
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("--methods is empty; choose from " + choices);
        }
        List<String> clean = new ArrayList<>();
        for (String m : methods) {
            String k = m.trim().toLowerCase(Locale.ROOT);
            if (!allMethods().contains(k)) {
                throw new IllegalArgumentException(
                        "--methods '"
                                + m
                                + "' is unknown; choose from "
                                + choices
                                + " (the unpruned base always runs)");
            }
            if (clean.contains(k)) {
                throw new IllegalArgumentException("--methods lists '" + k + "' twice; drop one");
            }
            clean.add(k);
        }
        return List.copyOf(clean);
    }

    /** These settings with every run repeated for each of {@code s}. */
    public ParetoSettings withSeeds(List<Long> s) {
        return new ParetoSettings(
                train,
                board,
                points,
                methods,
                salience,
                pruneShare,
                s,
                fromBase,
                baseEpochs,
                fineTuneRate,
                distill);
    }

    /**
     * These settings with the base trained {@code epochs} and every method started from it at
     * {@code rate}.
     */
    public ParetoSettings fromBase(int epochs, float rate) {
        return new ParetoSettings(
                train,
                board,
                points,
                methods,
                salience,
                pruneShare,
                seeds,
                true,
                epochs,
                rate,
                distill);
    }

    /** These settings with every method run distilling as {@code d} says (null: none). */
    public ParetoSettings withDistill(DistillConfig d) {
        return new ParetoSettings(
                train,
                board,
                points,
                methods,
                salience,
                pruneShare,
                seeds,
                fromBase,
                baseEpochs,
                fineTuneRate,
                d);
    }

    /**
     * True when the method runs read the seed's trained base: they start from it or distil from it.
     */
    public boolean methodsReadBase() {
        return fromBase || (distill != null && distill.teacher() == null);
    }

    /** The {@code prune} configuration of the unpruned base with {@code seed}. */
    PruneConfig base(long seed) {
        TrainConfig t = train.withSeed(seed).withSchedule(baseEpochs, train.learningRate());
        return new PruneConfig(t, board, null, null, null, null, "none", salience, pruneShare);
    }

    /**
     * The {@code prune} configuration of {@code method} at {@code point} with {@code seed}.
     *
     * @param baseModel the seed's trained base ({@code model.onnx}), read when {@link
     *     #methodsReadBase()}
     */
    PruneConfig method(String method, ParetoPoint point, long seed, Path baseModel) {
        TrainConfig t = train.withSeed(seed);
        if (fromBase) {
            ModelImport given = train.imported();
            // an --onnx model's image conversion applies to its trained base as well
            t =
                    t.withStart(
                                    given == null
                                            ? new ModelImport(baseModel, null, null)
                                            : new ModelImport(
                                                    baseModel,
                                                    null,
                                                    null,
                                                    given.inputSize(),
                                                    given.inputChannels()))
                            .withSchedule(train.epochs(), fineTuneRate);
        }
        if (distill != null) {
            t =
                    t.withDistill(
                            distill.teacher() != null || fromBase
                                    ? distill
                                    : new DistillConfig(
                                            baseModel, distill.alpha(), distill.temperature()));
        }
        return new PruneConfig(
                t,
                board,
                point.flash(),
                point.sram(),
                point.latency(),
                point.macs(),
                method,
                salience,
                pruneShare);
    }

    /** One sentence on how the runs start and distil, for {@code results.md}. */
    String describe() {
        String start =
                fromBase
                        ? String.format(
                                Locale.ROOT,
                                "each seed's base trains %d epochs from scratch at lr %s; every method "
                                        + "starts from that base's trained weights and trains %d epochs at lr %s",
                                baseEpochs,
                                train.learningRate(),
                                train.epochs(),
                                fineTuneRate)
                        : String.format(
                                Locale.ROOT,
                                "every run, the base included, trains %d epochs at lr %s from the seed's "
                                        + "initialisation",
                                train.epochs(),
                                train.learningRate());
        String teacher =
                distill == null
                        ? "no distillation"
                        : String.format(
                                Locale.ROOT,
                                "every method distils from %s (weight %.2f, temperature %.1f)",
                                distill.teacher() == null ? "its seed's base" : distill.teacher(),
                                distill.alpha(),
                                distill.temperature());
        return "Seeds " + seeds + ": " + start + "; " + teacher + ".";
    }

    /** The settings as key/values, for {@code results.json}. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(train.asMap());
        m.remove("seed");
        m.put("seeds", seeds);
        m.put("board", board);
        m.put("points", points.stream().map(ParetoPoint::label).toList());
        m.put("methods", methods);
        m.put("salience", salience.name().toLowerCase(Locale.ROOT));
        m.put("prune_share", pruneShare);
        m.put("from_base", fromBase);
        if (fromBase) {
            m.put("base_epochs", baseEpochs);
            m.put("fine_tune_learning_rate", fineTuneRate);
        }
        if (distill != null) {
            m.putAll(distill.asMap());
            if (distill.teacher() == null) {
                m.put("distill_teacher", "each seed's base");
            }
        }
        return m;
    }
}
