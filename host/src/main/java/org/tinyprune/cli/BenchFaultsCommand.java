package org.tinyprune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.build.FirmwareBuildException;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.fault.campaign.An3155Job;
import org.tinyprune.link.fault.campaign.BenchmarkJob;
import org.tinyprune.link.fault.campaign.CampaignJob;
import org.tinyprune.link.fault.campaign.CampaignSettings;
import org.tinyprune.link.fault.campaign.CampaignSummary;
import org.tinyprune.link.fault.campaign.FaultCampaign;
import org.tinyprune.link.fault.campaign.Outcome;
import org.tinyprune.link.qemu.EmulatedBoard;
import org.tinyprune.link.qemu.FirmwareMake;
import org.tinyprune.link.qemu.QemuLauncher;
import org.tinyprune.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune bench faults --protocol an3155|benchmark --faults N --seed S [--board qemu-m4]
 * [--out DIR]}: a fault campaign on an emulated board (one QEMU for all runs), flashing the fixture
 * firmware or measuring it over a link with seeded faults, each run judged against a clean-link
 * reference. Prints a line per run and a summary; writes {@code DIR/summary.json}; exits {@link
 * ExitCodes#BOARD} when any wrong result was accepted.
 */
@Command(
        name = "faults",
        mixinStandardHelpOptions = true,
        description =
                "Fault campaign on an emulated board: flashes (an3155) or measures (benchmark) the"
                        + " fixture firmware again and again over a serial link that drops, corrupts, duplicates"
                        + " and delays bytes and resets the board (seeded), and judges every run against a"
                        + " fault-free reference. Exits 5 when a wrong result was accepted.")
public final class BenchFaultsCommand implements Callable<Integer> {
    /** The protocols a campaign can exercise. */
    enum Protocol {
        an3155,
        benchmark
    }

    /**
     * Deadline of one benchmark command in the campaign (the fixture model runs in milliseconds).
     */
    static final long COMMAND_MILLIS = 3000;

    @Option(
            names = "--protocol",
            required = true,
            paramLabel = "an3155|benchmark",
            description =
                    "The job to repeat: an3155 (flash, verify, Go) or benchmark (load, tp-run, infer).")
    Protocol protocol;

    @Option(
            names = "--faults",
            required = true,
            paramLabel = "N",
            description = "Faults to inject in all; runs continue until this many have fired.")
    int faults;

    @Option(
            names = "--seed",
            required = true,
            paramLabel = "S",
            description = "Seed of the fault plans.")
    long seed;

    @Option(
            names = "--board",
            defaultValue = "qemu-m4",
            paramLabel = "NAME",
            description = "Emulated board profile (default ${DEFAULT-VALUE}).")
    String board;

    @Option(
            names = "--max-faults-per-run",
            defaultValue = "3",
            paramLabel = "K",
            description = "Each run plans 1..K faults (default ${DEFAULT-VALUE}).")
    int maxPerRun;

    @Option(
            names = "--max-delay-ms",
            defaultValue = "1500",
            paramLabel = "MS",
            description = "Longest injected delay (default ${DEFAULT-VALUE}).")
    int maxDelay;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for summary.json (created if missing).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CampaignSettings settings;
        try {
            settings =
                    new CampaignSettings(
                            faults,
                            seed,
                            maxPerRun,
                            CampaignSettings.of(1, seed).kinds(),
                            maxDelay);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        Path root = root();
        BoardProfile profile = profile(root);
        CampaignSummary summary;
        if (out == null) {
            summary = campaign(settings, profile, root);
            report(summary, null);
        } else {
            try (RunDirectory run = RunDirectory.open(out)) {
                summary = campaign(settings, profile, root);
                report(summary, run);
                run.succeeded();
            }
        }
        if (summary.count(Outcome.WRONG_ACCEPTED) > 0) {
            throw new CommandFailure(
                    ExitCodes.BOARD,
                    String.format(
                            Locale.ROOT,
                            "%d of %d %s runs accepted a"
                                    + " wrong result; the protocol's integrity checks missed the faults listed above",
                            summary.count(Outcome.WRONG_ACCEPTED),
                            summary.runs().size(),
                            summary.protocol()),
                    null);
        }
        return ExitCodes.OK;
    }

    private static Path root() {
        try {
            return RepositoryRoot.locate();
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    private BoardProfile profile(Path root) {
        BoardProfile p;
        try {
            p = BoardOption.registry(root).load(board);
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        if (!p.hasEmulator()) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "--board "
                            + board
                            + " is a physical board; a fault campaign"
                            + " resets its board through QEMU, so name an emulated one (qemu-m4, qemu-m7, qemu-m33)",
                    null);
        }
        return p;
    }

    private CampaignSummary campaign(CampaignSettings settings, BoardProfile profile, Path root) {
        PrintWriter err = new PrintWriter(System.err, true);
        Firmware fw;
        try {
            Path build = new FirmwareMake(root).defaultOut(profile.getName());
            fw = new FirmwareBuild(root).build(profile, null, build);
        } catch (FirmwareBuildException e) {
            throw new CommandFailure(ExitCodes.TOOLCHAIN, e.getMessage(), e);
        }
        FirmwareImage image;
        EmulatedBoard emulated;
        try {
            image = FirmwareImage.fromElf(fw.elf());
            emulated = QemuLauncher.buildAndLaunch(profile, root);
        } catch (LinkException e) {
            throw LinkFailures.ofToolchain(e);
        }
        try (EmulatedBoard b = emulated) {
            CampaignJob job =
                    protocol == Protocol.an3155
                            ? new An3155Job(b, image)
                            : new BenchmarkJob(b, image, seed, COMMAND_MILLIS);
            return new FaultCampaign(settings, line -> err.println("tinyprune: " + line)).run(job);
        } catch (LinkException e) {
            throw LinkFailures.of(e);
        }
    }

    /** Prints the summary and writes summary.json into the run, if there is one. */
    private void report(CampaignSummary summary, RunDirectory run) {
        PrintWriter w = spec.commandLine().getOut();
        w.print(summary.text());
        if (run != null) {
            Path file = run.path().resolve("summary.json");
            try {
                Json.write(file, summary.toJson());
            } catch (IOException e) {
                throw RunDirectory.ioFailure(run.path(), e);
            }
            w.println("Wrote " + file);
        }
        w.flush();
    }
}
