package org.tinyprune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.build.FirmwareBuildException;
import org.tinyprune.calibrate.BenchNet;
import org.tinyprune.calibrate.BenchmarkSuite;
import org.tinyprune.calibrate.BuildIdentity;
import org.tinyprune.calibrate.Calibration;
import org.tinyprune.calibrate.CalibrationReport;
import org.tinyprune.calibrate.Grid;
import org.tinyprune.calibrate.HeldOut;
import org.tinyprune.calibrate.Measurements;
import org.tinyprune.calibrate.MeasurementsFile;
import org.tinyprune.calibrate.ProfileUpdate;
import org.tinyprune.calibrate.SuiteFeatures;
import org.tinyprune.calibrate.SuiteRunner;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.pool.SessionPool;
import org.tinyprune.onnx.UnsupportedModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune calibrate --board B [--port P ...| --boards N] --out DIR [--grid small|full]
 * [--dry-run]}: runs the calibration suite on the board (or spread over several boards, each
 * network on whichever is free, the measurements in the suite's order as on one board), fits its
 * cost model, reports fit and held-out errors, and rewrites {@code boards/B/profile.json} (the
 * previous one kept as {@code profile.json.bak}). Measurements are saved to {@code
 * DIR/measurements.json} after every network; running the same command again resumes where an
 * interrupted run stopped.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Runs micro benchmarks and zoo models on a board (emulated when no --port), or on several at "
                        + "once (--port repeated, or --boards N emulated ones; a board that fails leaves and its network "
                        + "goes to another), fits per-op "
                        + "latency coefficients and runtime flash/SRAM/stack overheads, reports fit and held-out errors "
                        + "(DIR/calibration.md, .json, plots) and writes the calibrated board profile.")
public final class CalibrateCommand implements Callable<Integer> {
    @Mixin BoardOption board;

    @Mixin BoardPortsOption ports;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description =
                    "Output folder: builds, measurements.json, calibration.{md,json}, plots, profile.json.")
    Path out;

    @Option(
            names = "--grid",
            defaultValue = "full",
            paramLabel = "small|full",
            description = "Benchmark grid (default ${DEFAULT-VALUE}; small is for quick checks).")
    String grid;

    @Option(
            names = "--dry-run",
            description = "Show what would change in the board profile; do not write it.")
    boolean dryRun;

    @Option(
            names = "--measurements",
            paramLabel = "FILE",
            description =
                    "Fit measurements.json of an earlier run instead of running the suite on the board.")
    Path measurements;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Seed of the benchmark networks, calibration data and inputs (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        ports.ports(); // usage errors before anything is read or written
        BoardProfile profile = board.load();
        Grid g;
        try {
            g = Grid.named(grid);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        try (RunDirectory run = RunDirectory.open(out, "measurements.json")) {
            calibrate(profile, g);
            run.succeeded();
            return ExitCodes.OK;
        }
    }

    private void calibrate(BoardProfile profile, Grid g) {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = new PrintWriter(System.err, true);
        Measurements m = measurements != null ? read(measurements) : measure(profile, g, err);
        Calibration c;
        try {
            if (!m.currentFeatures()) {
                err.println(
                        "tinyprune: "
                                + measurements
                                + " carries latency features "
                                + m.features()
                                + "; recomputing "
                                + MeasurementsFile.FEATURES
                                + " from the seeded suite (cycles as measured)");
                m = SuiteFeatures.recompute(m, g, seed);
                MeasurementsFile.write(m, out.resolve("measurements.json"));
            }
            c = Calibration.of(m.nets(), m.probes());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
        String command =
                "tinyprune calibrate --board "
                        + profile.getName()
                        + " --grid "
                        + g.name().toLowerCase(Locale.ROOT)
                        + " --seed "
                        + seed
                        + " --out "
                        + out
                        + ports.asArguments()
                        + (measurements != null ? " --measurements " + measurements : "");
        String note =
                profile.hasEmulator()
                        ? "Emulated board: cycles are QEMU -icount shift=0 instruction counts, "
                                + "not silicon timing."
                        : "Cycles are core clock cycles (DWT).";
        String firmware =
                m.firmware().isBlank()
                        ? "unknown (" + measurements + " records no firmware identity)"
                        : m.firmware();
        String compiler =
                m.compiler().isBlank()
                        ? "unknown (" + measurements + " records no compiler)"
                        : m.compiler();
        Instant at = m.measuredAt().isBlank() ? Instant.now() : Instant.parse(m.measuredAt());
        ProfileUpdate update =
                ProfileUpdate.of(
                        profile,
                        c,
                        at,
                        firmware,
                        compiler,
                        String.format(
                                Locale.ROOT,
                                "tinyprune calibrate --grid %s on %s: %d networks, %d layers, %d kernel probes; held out: %d zoo and "
                                        + "pruned models%s",
                                g.name().toLowerCase(Locale.ROOT),
                                profile.getName(),
                                m.nets().size(),
                                m.nets().stream().mapToInt(n -> n.layers().size()).sum(),
                                m.probes().size(),
                                c.heldOut().size(),
                                measurements != null ? " (refit of " + m.suite() + ")" : ""));
        try {
            CalibrationReport.write(out, c, profile.getName(), command, note);
            update.write(out.resolve("profile.json"));
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        } catch (BoardProfileException e) {
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT,
                    "cannot write the calibration into " + out + ": " + e.getMessage(),
                    e);
        }
        summary(w, c);
        Path target =
                board.root().resolve("boards").resolve(profile.getName()).resolve("profile.json");
        w.println((dryRun ? "Would change " : "Changes to ") + target + ":");
        update.changes().forEach(line -> w.println("  " + line));
        if (!dryRun) {
            try {
                Path backup = update.write(target);
                w.println(
                        "Wrote "
                                + target
                                + (backup != null
                                        ? " (previous profile kept as " + backup + ")"
                                        : ""));
                org.tinyprune.board.ResolvedProfile inUse = board.resolve();
                if (inUse.refit()) {
                    w.println(
                            "Note: "
                                    + inUse.describe()
                                    + " (prune-and-flash's refit, newer than these measurements) "
                                    + "is still the profile in use for "
                                    + profile.getName()
                                    + "; delete it to use "
                                    + target);
                }
            } catch (BoardProfileException e) {
                throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
            }
        }
        w.println("Report: " + out.resolve("calibration.md"));
        w.flush();
    }

    private static void summary(PrintWriter w, Calibration c) {
        for (HeldOut h : c.heldOut()) {
            w.printf(
                    Locale.ROOT,
                    "held out %-24s latency %+6.2f %%  flash %+6.2f %%  SRAM %+6.0f bytes%n",
                    h.net(),
                    100 * h.latencyError(),
                    100 * h.flashError(),
                    h.sramErrorBytes());
        }
        w.printf(
                Locale.ROOT,
                "held-out latency MAPE %.2f %% (worst %.2f %%); whole-run fit error %.2f %% RMS; "
                        + "latency margin %.2f %%%n",
                100 * c.heldOutLatencyMape(),
                100 * c.heldOutLatencyMax(),
                100 * c.fitRunError(),
                100 * c.latencyMargin());
    }

    private Measurements read(Path file) {
        try {
            return MeasurementsFile.read(file);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    private Measurements measure(BoardProfile profile, Grid g, PrintWriter err) {
        List<BenchNet> suite = BenchmarkSuite.of(g, seed);
        List<BenchNet> probes = BenchmarkSuite.probes(seed);
        err.println(
                "tinyprune: calibrating "
                        + profile.getName()
                        + " with "
                        + suite.size()
                        + " networks (one "
                        + "firmware each) and "
                        + probes.size()
                        + " kernel probes (built only)");
        Path file = out.resolve("measurements.json");
        String id =
                profile.getName() + " grid " + g.name().toLowerCase(Locale.ROOT) + " seed " + seed;
        Measurements done =
                new Measurements(
                        id,
                        BuildIdentity.firmware(),
                        BuildIdentity.compiler(profile),
                        "",
                        List.of(),
                        List.of());
        try {
            if (Files.exists(file)) {
                Measurements earlier = MeasurementsFile.read(file);
                if (earlier.suite().equals(id)
                        && earlier.firmware().equals(done.firmware())
                        && earlier.currentFeatures()) {
                    done = earlier;
                    err.println(
                            "tinyprune: resuming: "
                                    + done.nets().size()
                                    + " networks already measured in "
                                    + file
                                    + " (delete it to measure everything again)");
                }
            }
        } catch (IOException e) {
            err.println("tinyprune: ignoring " + file + ": " + e.getMessage());
        }
        Consumer<String> log = msg -> err.println("tinyprune: " + msg);
        try (SessionPool boards = ports.open(profile, board, log)) {
            if (boards.size() > 1) {
                log.accept(
                        "spreading the suite over "
                                + boards.size()
                                + " boards (each network on whichever is "
                                + "free; measurements are kept in the suite's order)");
            }
            return SuiteRunner.run(
                    boards.pool(),
                    new FirmwareBuild(board.root()),
                    out.resolve("builds"),
                    seed,
                    log,
                    suite,
                    probes,
                    done,
                    file);
        } catch (LinkException e) {
            throw LinkFailures.of(e);
        } catch (FirmwareBuildException e) {
            int code =
                    e.kind() == FirmwareBuildException.Kind.DOES_NOT_FIT
                            ? ExitCodes.BUDGET
                            : ExitCodes.TOOLCHAIN;
            throw new CommandFailure(code, e.getMessage(), e);
        } catch (UnsupportedModelException e) {
            throw new CommandFailure(
                    ExitCodes.INTERNAL,
                    "a calibration network cannot be generated: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
    }
}
