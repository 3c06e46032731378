package org.tinyprune.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Salience;
import org.tinyprune.report.Files2;
import org.tinyprune.run.Json;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.run.TrainConfig;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.train.TrainingDivergedException;

/**
 * The Pareto benchmark of the pruning methods: trains the unpruned base once, then every method at
 * every budget point, all with the same epochs, data and seed, each as a {@code prune} run in
 * {@code OUT/runs/<point>/<method>} ({@code OUT/runs/base} for the base); then writes
 * {@code results.json}, {@code results.md} and the plots of {@link ParetoResults}.
 *
 * <p>Resumable: with {@code resume}, a run whose {@code report.json} exists is kept and an interrupted
 * run continues from its last epoch's checkpoint ({@code prune --resume}), so rerunning the same
 * command with {@code --resume} finishes the benchmark. Without it, a directory that already holds
 * runs is refused, and a run directory made with other settings is refused either way rather than
 * mixed in.
 */
public final class ParetoBench {
    /**
     * What to run.
     *
     * @param train      training configuration shared by every run (model, epochs, data, seed)
     * @param board      board profile
     * @param points     budget points
     * @param methods    pruning methods, each run at every point
     * @param salience   channel ranking of {@code dnp}
     * @param pruneShare share of the epochs spent pruning
     */
    public record Settings(TrainConfig train, String board, List<ParetoPoint> points, List<String> methods,
                           Salience salience, double pruneShare) {
        /** Checks the methods; messages name the flag. */
        public Settings {
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("--methods is empty; choose from dnp, uniform, l1");
            }
            List<String> clean = new ArrayList<>();
            for (String m : methods) {
                String k = m.trim().toLowerCase(Locale.ROOT);
                if (!PruneConfig.METHODS.contains(k) || k.equals("none")) {
                    throw new IllegalArgumentException("--methods '" + m + "' is unknown; choose from dnp, uniform, l1"
                            + " (the unpruned base always runs)");
                }
                if (clean.contains(k)) {
                    throw new IllegalArgumentException("--methods lists '" + k + "' twice; drop one");
                }
                clean.add(k);
            }
            methods = List.copyOf(clean);
            points = List.copyOf(points);
            if (new LinkedHashSet<>(points.stream().map(ParetoPoint::label).toList()).size() != points.size()) {
                throw new IllegalArgumentException("--points lists a point twice; drop one");
            }
        }

        /** The {@code prune} configuration of {@code method} at {@code point} (null point: the base). */
        PruneConfig config(String method, ParetoPoint point) {
            return point == null
                    ? new PruneConfig(train, board, null, null, null, null, "none", salience, pruneShare)
                    : new PruneConfig(train, board, point.flash(), point.sram(), point.latency(), point.macs(), method,
                            salience, pruneShare);
        }

        /** The settings as key/values, for {@code results.json}. */
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>(train.asMap());
            m.put("board", board);
            m.put("points", points.stream().map(ParetoPoint::label).toList());
            m.put("methods", methods);
            m.put("salience", salience.name().toLowerCase(Locale.ROOT));
            m.put("prune_share", pruneShare);
            return m;
        }
    }

    private ParetoBench() {
    }

    /**
     * Runs (or finishes) the benchmark in {@code out}.
     *
     * @param resume   keep the runs {@code out} already holds and continue an interrupted one; when
     *                 false, {@code out} must not hold runs yet
     * @param command  the command line that reproduces it, for the results
     * @param progress one line per run started and finished
     * @return the results, also written to {@code out}
     * @throws IllegalArgumentException when {@code out} holds runs and {@code resume} is false, or holds
     *                                  runs made with other settings
     */
    public static ParetoResults run(Settings settings, Path out, boolean resume, String command,
                                    PrintStream progress)
            throws IOException, DatasetException, BoardProfileException, TrainingDivergedException,
            OnnxImportException {
        if (!resume) {
            refuseEarlierRuns(out.resolve("runs"));
        }
        Files.createDirectories(out);
        String machine = MachineInfo.describe();
        long t0 = System.nanoTime();
        int total = 1 + settings.points().size() * settings.methods().size();
        int[] done = {0};
        ParetoRow base = runOne(settings, null, "none", out.resolve("runs").resolve(ParetoRow.BASE), ++done[0],
                total, progress);
        List<ParetoRow> rows = new ArrayList<>();
        for (ParetoPoint p : settings.points()) {
            for (String m : settings.methods()) {
                rows.add(runOne(settings, p, m, out.resolve("runs").resolve(p.directoryName()).resolve(m), ++done[0],
                        total, progress));
            }
        }
        ParetoResults results = new ParetoResults(base, rows, settings.points().stream().map(ParetoPoint::label)
                .toList(), settings.methods());
        List<ParetoGoals.Goal> goals = ParetoGoals.judge(results);
        String load = Objects.requireNonNullElse(MachineInfo.loadAverage(), "unknown");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("machine", machine);
        json.put("load_average_at_end", load);
        json.put("wall_seconds_this_session", (System.nanoTime() - t0) / 1e9);
        json.put("settings", settings.asMap());
        json.put("base", base.asMap());
        json.put("rows", rows.stream().map(ParetoRow::asMap).toList());
        json.put("goals", goals.stream().map(ParetoGoals.Goal::asMap).toList());
        Json.write(out.resolve("results.json"), json);
        results.plot(out);
        StringBuilder md = new StringBuilder("Command: `" + command + "`\n\nMachine: " + machine
                + "; load average at end " + load + ". Latency is the board profile's predicted "
                + "cycles (instruction counts on emulated boards); SRAM and flash are the exact resource model.\n\n");
        md.append(results.markdown()).append('\n');
        for (ParetoGoals.Goal g : goals) {
            md.append("- **").append(g.verdict().name().toLowerCase(Locale.ROOT)).append("** — ").append(g.goal())
                    .append(": ").append(g.detail()).append('\n');
        }
        md.append("\nPlots: ").append(String.join(", ", ParetoResults.PLOTS)).append('\n');
        Files2.writeString(out.resolve("results.md"), md.toString());
        progress.printf("wrote %s, %s and %s%n", out.resolve("results.json"), out.resolve("results.md"),
                String.join(", ", ParetoResults.PLOTS));
        return results;
    }

    private static ParetoRow runOne(Settings s, ParetoPoint point, String method, Path dir, int index, int total,
                                    PrintStream progress)
            throws IOException, DatasetException, BoardProfileException, TrainingDivergedException,
            OnnxImportException {
        PruneConfig config = s.config(method, point);
        String label = point == null ? ParetoRow.BASE : point.label();
        String what = String.format(Locale.ROOT, "[%d/%d] %s at %s", index, total, method, label);
        Files.createDirectories(dir);
        claim(dir, config);
        Path report = dir.resolve("report.json");
        if (Files.exists(report)) {
            progress.printf("%s: done before, kept (%s)%n", what, report);
            return ParetoRow.of(method, label, Json.read(report).getAsJsonObject());
        }
        progress.printf("%s: training (log: %s)%n", what, dir.resolve("log.txt"));
        try (PrintStream log = new PrintStream(new FileOutputStream(dir.resolve("log.txt").toFile(), true), true,
                StandardCharsets.UTF_8)) {
            PruneJob.run(config, dir, true, log);
        } catch (BudgetInfeasibleException e) {
            progress.printf("%s: infeasible — %s%n", what, e.getMessage().lines().findFirst().orElse(""));
            return ParetoRow.infeasible(method, label, e.getMessage());
        }
        ParetoRow r = ParetoRow.of(method, label, Json.read(report).getAsJsonObject());
        progress.printf(Locale.ROOT, "%s: int8 %.2f%%, float %.2f%%, SRAM %,d B, flash %,d B, %,d instr., %.0f s%n",
                what, 100 * r.int8Accuracy(), 100 * r.floatAccuracy(), r.sramBytes(), r.flashBytes(),
                r.latencyCycles(), r.trainSeconds());
        return r;
    }

    /** Refuses to start afresh over runs an earlier benchmark left in {@code runs}. */
    private static void refuseEarlierRuns(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var files = Files.walk(runs)) {
            Path earlier = files.filter(f -> f.getFileName().toString().equals("bench-config.json")).findFirst()
                    .orElse(null);
            if (earlier != null) {
                throw new IllegalArgumentException(runs + " already holds benchmark runs (" + earlier.getParent()
                        + "); add --resume to keep them and finish the benchmark, or choose another --out");
            }
        }
    }

    /** Marks {@code dir} as this configuration's run, refusing one made with other settings. */
    private static void claim(Path dir, PruneConfig config) throws IOException {
        Path file = dir.resolve("bench-config.json");
        if (Files.exists(file)) {
            if (!Json.read(file).equals(Json.tree(config.asMap()))) {
                throw new IllegalArgumentException(dir + " holds a run made with other settings (see " + file
                        + "); delete it, or choose another --out");
            }
            return;
        }
        Json.write(file, config.asMap());
    }
}
