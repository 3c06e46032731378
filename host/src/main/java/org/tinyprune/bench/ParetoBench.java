package org.tinyprune.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.provenance.Fingerprints;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.run.Json;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.train.TrainingDivergedException;

/**
 * The Pareto benchmark of the pruning methods: for each seed, trains the unpruned base, then every
 * method at every budget point (from scratch or from the seed's trained base, see {@link
 * ParetoSettings}), each as a {@code prune} run in {@code OUT/runs/seed-S/<point>/<method>} ({@code
 * OUT/runs/seed-S/base} for the base); then writes {@code results.json}, {@code results.md} and the
 * plots of {@link ParetoResults}.
 *
 * <p>Resumable: with {@code resume}, a run whose {@code report.json} exists is kept and an
 * interrupted run continues from its last epoch's checkpoint ({@code prune --resume}), so rerunning
 * the same command with {@code --resume} finishes the benchmark. Without it, a directory that
 * already holds runs is refused, and a run directory made with other settings (or, for a run that
 * reads its seed's base, from another base model) is refused either way rather than mixed in.
 */
public final class ParetoBench {
    /** The file in each run directory that records the settings it was made with. */
    static final String CLAIM = "bench-config.json";

    private ParetoBench() {}

    /** The directory of {@code seed}'s runs under {@code out}. */
    public static Path seedDirectory(Path out, long seed) {
        return out.resolve("runs").resolve("seed-" + seed);
    }

    /**
     * Runs (or finishes) the benchmark in {@code out}.
     *
     * @param resume keep the runs {@code out} already holds and continue an interrupted one; when
     *     false, {@code out} must not hold runs yet
     * @param command the command line that reproduces it, for the results
     * @param progress one line per run started and finished
     * @return the results, also written to {@code out}
     * @throws IllegalArgumentException when {@code out} holds runs and {@code resume} is false, or
     *     holds runs made with other settings
     */
    public static ParetoResults run(
            ParetoSettings settings, Path out, boolean resume, String command, PrintStream progress)
            throws IOException,
                    DatasetException,
                    BoardProfileException,
                    TrainingDivergedException,
                    OnnxImportException {
        try {
            return run(settings, out, resume, command, progress, null);
        } catch (IOException
                | DatasetException
                | BoardProfileException
                | TrainingDivergedException
                | OnnxImportException
                | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("no board was given, yet measuring on one failed", e);
        }
    }

    /**
     * As {@link #run(ParetoSettings, Path, boolean, String, PrintStream)}, then, with {@code
     * boards}, measures every run's int8 model on the boards ({@link ParetoBoards}, again on every
     * rerun) and adds the board's figures to {@code results.json} ({@code board}) and {@code
     * results.md}.
     *
     * @param boards the boards to measure on, or null for none
     * @throws org.tinyprune.link.LinkException when every board failed
     * @throws Exception what building or measuring a model threw
     */
    public static ParetoResults run(
            ParetoSettings settings,
            Path out,
            boolean resume,
            String command,
            PrintStream progress,
            ParetoBoards boards)
            throws Exception {
        out =
                out.toAbsolutePath()
                        .normalize(); // the method runs name their base's model by this path
        if (!resume) {
            refuseEarlierRuns(out.resolve("runs"));
        } else {
            refuseOldLayout(out.resolve("runs"));
        }
        Files.createDirectories(out);
        String machine = MachineInfo.describe();
        long t0 = System.nanoTime();
        Counter counter =
                new Counter(
                        settings.seeds().size()
                                * (1 + settings.points().size() * settings.methods().size()),
                        progress);
        List<ParetoRow> rows = new ArrayList<>();
        List<ParetoBoards.Run> runs = new ArrayList<>();
        for (long seed : settings.seeds()) {
            Path seedDir = seedDirectory(out, seed);
            Path baseDir = seedDir.resolve(ParetoRow.BASE);
            ParetoRow base =
                    runOne(
                            settings.base(seed),
                            "none",
                            ParetoRow.BASE,
                            seed,
                            baseDir,
                            null,
                            counter);
            rows.add(base);
            runs.add(new ParetoBoards.Run(base, baseDir));
            Path baseModel = baseDir.resolve("model.onnx");
            if (settings.methodsReadBase() && !base.ran()) {
                throw new IllegalStateException(
                        "the base of seed "
                                + seed
                                + " has no model to start or distil from: "
                                + base.note());
            }
            for (ParetoPoint p : settings.points()) {
                for (String m : settings.methods()) {
                    Path dir = seedDir.resolve(p.directoryName()).resolve(m);
                    ParetoRow row =
                            runOne(
                                    settings.method(m, p, seed, baseModel),
                                    m,
                                    p.label(),
                                    seed,
                                    dir,
                                    settings.methodsReadBase() ? baseModel : null,
                                    counter);
                    rows.add(row);
                    runs.add(new ParetoBoards.Run(row, dir));
                }
            }
        }
        ParetoResults results =
                new ParetoResults(
                        rows,
                        settings.points().stream().map(ParetoPoint::label).toList(),
                        settings.methods(),
                        settings.seeds(),
                        settings.fromBase());
        List<ParetoGoals.Goal> goals = ParetoGoals.judge(results);
        List<ParetoBoards.Figures> measured =
                boards == null
                        ? List.of()
                        : boards.measure(
                                runs,
                                settings.train().dataset(),
                                settings.train().dataDir(),
                                progress);
        String load = Objects.requireNonNullElse(MachineInfo.loadAverage(), "unknown");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("machine", machine);
        json.put("load_average_at_end", load);
        json.put("wall_seconds_this_session", (System.nanoTime() - t0) / 1e9);
        json.put("settings", settings.asMap());
        json.put("runs", results.runsAsMaps());
        json.put("cells", results.cells().stream().map(ParetoCell::asMap).toList());
        json.put("margins", results.margins().stream().map(ParetoMargin::asMap).toList());
        json.put("goals", goals.stream().map(ParetoGoals.Goal::asMap).toList());
        if (boards != null) {
            json.put("board", measured.stream().map(ParetoBoards.Figures::asMap).toList());
        }
        Json.write(out.resolve("results.json"), json);
        results.plot(out);
        StringBuilder md =
                new StringBuilder(
                        "Command: `"
                                + command
                                + "`\n\nMachine: "
                                + machine
                                + "; load average at end "
                                + load
                                + ". Latency is the board profile's predicted "
                                + "cycles (instruction counts on emulated boards); SRAM and flash are the exact resource model.\n\n"
                                + settings.describe()
                                + "\n\n");
        md.append(results.markdown()).append('\n');
        if (boards != null) {
            md.append(ParetoBoards.markdown(measured)).append('\n');
        }
        for (ParetoGoals.Goal g : goals) {
            md.append("- **")
                    .append(g.verdict().name().toLowerCase(Locale.ROOT))
                    .append("** — ")
                    .append(g.goal())
                    .append(": ")
                    .append(g.detail())
                    .append('\n');
        }
        md.append("\nPlots: ").append(String.join(", ", ParetoResults.PLOTS)).append('\n');
        AtomicFiles.writeString(out.resolve("results.md"), md.toString());
        progress.printf(
                "wrote %s, %s and %s%n",
                out.resolve("results.json"),
                out.resolve("results.md"),
                String.join(", ", ParetoResults.PLOTS));
        return results;
    }

    /** Numbers the runs in the progress lines. */
    private static final class Counter {
        private final int total;
        private final PrintStream progress;
        private int done;

        Counter(int total, PrintStream progress) {
            this.total = total;
            this.progress = progress;
        }
    }

    /**
     * Runs (or keeps, or continues) one run.
     *
     * @param baseModel the seed's base model the run reads, whose fingerprint joins its claim; or
     *     null
     */
    private static ParetoRow runOne(
            PruneConfig config,
            String method,
            String label,
            long seed,
            Path dir,
            Path baseModel,
            Counter counter)
            throws IOException,
                    DatasetException,
                    BoardProfileException,
                    TrainingDivergedException,
                    OnnxImportException {
        PrintStream progress = counter.progress;
        String what =
                String.format(
                        Locale.ROOT,
                        "[%d/%d] %s at %s, seed %d",
                        ++counter.done,
                        counter.total,
                        method,
                        label,
                        seed);
        Files.createDirectories(dir);
        claim(dir, config, baseModel);
        Path report = dir.resolve("report.json");
        if (Files.exists(report)) {
            progress.printf("%s: done before, kept (%s)%n", what, report);
            return ParetoRow.of(method, label, seed, Json.read(report).getAsJsonObject());
        }
        progress.printf("%s: training (log: %s)%n", what, dir.resolve("log.txt"));
        try (PrintStream log =
                new PrintStream(
                        new FileOutputStream(dir.resolve("log.txt").toFile(), true),
                        true,
                        StandardCharsets.UTF_8)) {
            PruneJob.run(config, dir, true, log);
        } catch (BudgetInfeasibleException e) {
            progress.printf(
                    "%s: infeasible — %s%n", what, e.getMessage().lines().findFirst().orElse(""));
            return ParetoRow.infeasible(method, label, seed, e.getMessage());
        }
        ParetoRow r = ParetoRow.of(method, label, seed, Json.read(report).getAsJsonObject());
        progress.printf(
                Locale.ROOT,
                "%s: int8 %.2f%%, float %.2f%%, SRAM %,d B, flash %,d B, %,d instr., %.0f s%n",
                what,
                100 * r.int8Accuracy(),
                100 * r.floatAccuracy(),
                r.sramBytes(),
                r.flashBytes(),
                r.latencyCycles(),
                r.trainSeconds());
        return r;
    }

    /** Refuses to start afresh over runs an earlier benchmark left in {@code runs}. */
    private static void refuseEarlierRuns(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var files = Files.walk(runs)) {
            Path earlier =
                    files.filter(f -> f.getFileName().toString().equals(CLAIM))
                            .findFirst()
                            .orElse(null);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        runs
                                + " already holds benchmark runs ("
                                + earlier.getParent()
                                + "); add --resume to keep them and finish the benchmark, or choose another --out");
            }
        }
    }

    /**
     * Refuses to resume runs laid out before seeds ({@code runs/base}, {@code
     * runs/<point>/<method>}).
     */
    private static void refuseOldLayout(Path runs) {
        Path old = runs.resolve(ParetoRow.BASE).resolve(CLAIM);
        if (Files.exists(old)) {
            throw new IllegalArgumentException(
                    runs
                            + " holds runs laid out before --seeds ("
                            + old.getParent()
                            + "); to keep them, move everything under "
                            + runs
                            + " into "
                            + runs.resolve("seed-S")
                            + " (S: the --seed they ran with, 42 by default), or choose another --out");
        }
    }

    /**
     * Marks {@code dir} as this configuration's run, refusing one made with other settings; a run
     * that reads its seed's base also records the base model's fingerprint, so a retrained base is
     * not mixed with runs started from the one before.
     */
    private static void claim(Path dir, PruneConfig config, Path baseModel) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>(config.asMap());
        if (baseModel != null) {
            settings.put("base_model", Fingerprints.sha256(baseModel));
        }
        Path file = dir.resolve(CLAIM);
        if (Files.exists(file)) {
            if (!Json.read(file).equals(Json.tree(settings))) {
                throw new IllegalArgumentException(
                        dir
                                + " holds a run made with other settings"
                                + (baseModel == null ? "" : " or from another base model")
                                + " (see "
                                + file
                                + "); delete it, or choose another --out");
            }
            return;
        }
        Json.write(file, settings);
    }
}
