package org.tinyprune.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.ProfileReader;
import org.tinyprune.board.ProfileWriter;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.calibrate.MeasurementStore;
import org.tinyprune.calibrate.NetMeasurement;
import org.tinyprune.calibrate.Recalibration;
import org.tinyprune.calibrate.RefitCheck;
import org.tinyprune.calibrate.RunMeasurement;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * prune-and-flash's calibration loop. Each round prunes with a board profile, flashes and measures
 * (the caller's {@link Round}); then the measured network joins the board's measurement store and
 * the cost model is refit ({@link Recalibration}: written only when held-out error does not get
 * worse). When the board missed the latency budget, the next round plans with the profile now in
 * use, its latency margin raised to at least how much that profile under-predicts the networks this
 * run measured (measured / predicted − 1), and prunes again; at most {@link Settings#maxRounds}
 * rounds, and never again with a plan identical to the last.
 *
 * <p>Round 1 works in the run directory itself ({@code prune/}, {@code measure/}), round N in
 * {@code round-N/}; each round's folder keeps the profile it planned with ({@value
 * #PLANNING_PROFILE}), which {@code --resume} plans with again. The joined report of the last
 * round, with every round ({@code rounds}), is the run's {@code report.json}.
 */
public final class CalibrationLoop {
    /** The profile a round planned with, in its folder. */
    public static final String PLANNING_PROFILE = "board-profile.json";

    /**
     * Largest latency margin a round plans with (the schema's bound on relative errors): a model
     * that under-predicts the board more than tenfold is not worth planning with; calibrate the
     * board.
     */
    static final double MAX_MARGIN = 10;

    /** Largest {@code --rounds}. */
    public static final int MAX_ROUNDS = 10;

    /**
     * How the loop runs.
     *
     * @param recalibrate whether measurements go to the store and the cost model is refit (false:
     *     one round, nothing written outside the run directory)
     * @param maxRounds rounds at most (1 to {@link #MAX_ROUNDS})
     * @param resume whether rounds reuse what an earlier run left (the planning profiles)
     */
    public record Settings(boolean recalibrate, int maxRounds, boolean resume) {
        /** Checks the bounds. */
        public Settings {
            if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
                throw new IllegalArgumentException(
                        "--rounds must be between 1 and " + MAX_ROUNDS + ", got " + maxRounds);
            }
        }
    }

    /** One round's prune and measure stages. */
    @FunctionalInterface
    public interface Round {
        /**
         * Prunes planning with {@code profile} into {@code dir/prune} and measures the result into
         * {@code dir/measure} ({@code report.json}, {@code model_int8.onnx}; {@code measure.json},
         * {@code firmware.map}).
         */
        void run(int round, BoardProfile profile, Path dir) throws Exception;
    }

    /**
     * What the loop did.
     *
     * @param rounds every round
     * @param report the run's report (the last round's, with the rounds)
     * @param inUse the board profile in use at the end
     */
    public record Result(List<LoopRound> rounds, JsonObject report, BoardProfile inUse) {
        /** The last round. */
        public LoopRound last() {
            return rounds.get(rounds.size() - 1);
        }
    }

    private final Settings settings;
    private final MeasurementStore store;
    private final Path refitFile;
    private final String storeName;
    private final PrintStream progress;

    /**
     * @param settings how to run
     * @param store the board's measurement store
     * @param refitFile where the board's refit profile lives
     * @param storeName the measured networks' name in the store before {@code @}: the architecture
     *     they are held out with ({@code vgg-small}, or the ONNX file's name)
     * @param progress where round summaries go
     */
    public CalibrationLoop(
            Settings settings,
            MeasurementStore store,
            Path refitFile,
            String storeName,
            PrintStream progress) {
        this.settings = settings;
        this.store = store;
        this.refitFile = refitFile;
        this.storeName = storeName;
        this.progress = progress;
    }

    /**
     * Runs rounds until the board meets the latency budget, the rounds run out, or there is nothing
     * new to plan with; writes {@code out/report.json} and {@code out/report.md}.
     *
     * @param inUse the board's profile in use (shipped or refit)
     * @param round the stages of one round
     * @throws Exception what a round throws; {@link IOException} or {@link BoardProfileException}
     *     when the store, a measurement or a profile cannot be read or written
     */
    public Result run(Path out, BoardProfile inUse, Round round) throws Exception {
        if (!settings.resume()) {
            removeLaterRounds(out);
        }
        List<LoopRound> rounds = new ArrayList<>();
        List<NetMeasurement> measured = new ArrayList<>();
        BoardProfile planning = inUse;
        String unit = inUse.hasEmulator() ? "instr." : "cycles";
        for (int r = 1; ; r++) {
            Path dir = r == 1 ? out : out.resolve("round-" + r);
            planning = planningProfile(dir, planning);
            round.run(r, planning, dir);
            Path pruneDir = dir.resolve(PruneAndFlash.PRUNE);
            Path measureDir = dir.resolve(PruneAndFlash.MEASURE);
            JsonObject joined = PruneAndFlash.combine(pruneDir, measureDir);
            Recalibration rec = null;
            if (settings.recalibrate()) {
                NetMeasurement net = measurement(pruneDir, measureDir);
                measured.add(net);
                rec = recalibrate(inUse, net);
                inUse = rec.inUse();
            }
            LoopRound done =
                    new LoopRound(
                            r,
                            out.relativize(dir).toString().isEmpty()
                                    ? "."
                                    : out.relativize(dir).toString(),
                            number(joined.getAsJsonObject("budgets"), "latency_cycles", Double.NaN),
                            joined.get("latency_margin").getAsDouble(),
                            number(
                                    joined.getAsJsonObject("planning_budgets"),
                                    "latency_cycles",
                                    Double.POSITIVE_INFINITY),
                            joined.getAsJsonObject("predicted").get("latency_cycles").getAsDouble(),
                            joined.getAsJsonObject("measured").get("latency_cycles").getAsDouble(),
                            rec);
            rounds.add(done);
            progress.println("prune-and-flash " + done.summary(unit));
            if (done.met() || !settings.recalibrate() || r >= settings.maxRounds()) {
                break;
            }
            BoardProfile next = replan(inUse, measured);
            if (next.getCostModel().equals(planning.getCostModel())) {
                progress.println(
                        "prune-and-flash: the profile in use plans as the last round did (the refit was "
                                + "not written and the margin covers what was measured); not pruning again");
                break;
            }
            progress.printf(
                    Locale.ROOT,
                    "prune-and-flash: the board missed the latency budget; pruning again "
                            + "(round %d of at most %d) with %s, latency margin %.2f %%%n",
                    r + 1,
                    settings.maxRounds(),
                    rec != null && rec.written() != null
                            ? "the refit profile"
                            : "the profile in use",
                    100 * next.getCostModel().getLatencyMargin());
            planning = next;
        }
        JsonObject extra = new JsonObject();
        JsonArray arr = new JsonArray();
        rounds.forEach(x -> arr.add(x.toJson()));
        extra.add("rounds", arr);
        LoopRound last = rounds.get(rounds.size() - 1);
        Path lastDir = last.round() == 1 ? out : out.resolve("round-" + last.round());
        JsonObject report =
                PruneAndFlash.report(
                        out,
                        lastDir.resolve(PruneAndFlash.PRUNE),
                        lastDir.resolve(PruneAndFlash.MEASURE),
                        extra);
        return new Result(List.copyOf(rounds), report, inUse);
    }

    private Recalibration recalibrate(BoardProfile inUse, NetMeasurement net)
            throws IOException, BoardProfileException {
        String fix =
                "; set "
                        + org.tinyprune.board.UserData.ENV
                        + " to a folder you can write, or pass --no-recalibrate";
        try {
            return Recalibration.run(inUse, store, List.of(net), refitFile);
        } catch (IOException e) {
            throw new IOException(
                    "cannot update the measurement store "
                            + store.file()
                            + ": "
                            + e.getMessage()
                            + fix,
                    e);
        } catch (BoardProfileException e) {
            throw new BoardProfileException(e.file(), String.join("; ", e.problems()) + fix);
        }
    }

    /**
     * The profile the next round plans with: the profile in use, its latency margin raised to the
     * largest under-prediction of the networks measured so far in this run (when larger).
     */
    static BoardProfile replan(BoardProfile inUse, List<NetMeasurement> measured) {
        double margin = inUse.getCostModel().getLatencyMargin();
        for (NetMeasurement n : measured) {
            margin = Math.max(margin, RefitCheck.underPrediction(inUse.getCostModel(), n));
        }
        margin = Math.min(margin, MAX_MARGIN);
        if (!(margin > inUse.getCostModel().getLatencyMargin())) {
            return inUse;
        }
        return inUse.toBuilder()
                .setCostModel(inUse.getCostModel().toBuilder().setLatencyMargin(margin))
                .build();
    }

    /**
     * The round's saved planning profile when resuming one, else {@code planning}, saved in {@code
     * dir}.
     */
    private BoardProfile planningProfile(Path dir, BoardProfile planning)
            throws BoardProfileException, IOException {
        Path file = dir.resolve(PLANNING_PROFILE);
        if (settings.resume() && Files.isRegularFile(file)) {
            BoardProfile saved = ProfileReader.read(file);
            if (saved.getName().equals(planning.getName())) {
                return saved;
            }
        }
        Files.createDirectories(dir);
        ProfileWriter.write(planning, file);
        return planning;
    }

    private NetMeasurement measurement(Path pruneDir, Path measureDir) throws IOException {
        Path onnx = pruneDir.resolve("model_int8.onnx");
        DeviceModel model;
        try {
            model = DeviceModel.fromOnnx(onnx);
        } catch (UnsupportedModelException e) {
            throw new IOException(onnx + ": " + e.getMessage(), e);
        }
        String name = storeName + "@pf-" + model.weightsHash().toLowerCase(Locale.ROOT);
        return RunMeasurement.of(
                name,
                model,
                measureDir.resolve("measure.json"),
                measureDir.resolve("firmware.map"));
    }

    private static double number(JsonObject o, String key, double missing) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() ? missing : e.getAsDouble();
    }

    /** Removes the folders of rounds after the first that an earlier run left ({@code round-N}). */
    private static void removeLaterRounds(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        List<Path> old;
        try (Stream<Path> s = Files.list(out)) {
            old =
                    s.filter(
                                    p ->
                                            p.getFileName().toString().matches("round-[0-9]+")
                                                    && Files.isDirectory(p))
                            .toList();
        }
        for (Path dir : old) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
