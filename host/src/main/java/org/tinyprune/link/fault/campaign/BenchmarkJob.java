package org.tinyprune.link.fault.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.BootloaderSession;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.Inference;
import org.tinyprune.link.bench.ModelRun;
import org.tinyprune.link.bench.TinypruneCommands;
import org.tinyprune.link.fault.BoardReset;
import org.tinyprune.link.qemu.EmulatedBoard;

/**
 * Measuring under faults: each run loads one of a few seeded sample inputs ({@code db load}, {@code
 * db HEX}), runs it with {@code tp-run%} (cycles and raw int8 output), then {@code infer 1 0%} and
 * {@code tp-window%} (dequantised results and window cycles), as {@code measure} does, over the
 * faulty link; the reference is a fault-free run of the same sample on the same board, made before
 * the campaign. Outputs and results must be equal, cycles equal within one timer tick ({@code
 * tp-cycle-resolution}: a run whose length sits on a tick boundary may move by one). Every run
 * starts from a reset board whose bootloader started the firmware again; a reset fault does the
 * same mid-run, as a real board restarts its application.
 */
public final class BenchmarkJob implements CampaignJob {
    /** Sample inputs the runs cycle through. */
    public static final int SAMPLES = 4;

    private static final long ANSWER_MILLIS = 1000;
    private static final long BOOT_MILLIS = 5000;
    private final EmulatedBoard board;
    private final FirmwareImage image;
    private final long seed;
    private final long commandMillis;
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<Measured> references = new ArrayList<>();
    private long tolerance;
    private int next;

    /** What one run measures. */
    private record Measured(
            long runCycles, byte[] output, List<Double> results, long windowCycles) {}

    /**
     * Creates the job.
     *
     * @param board the running emulated board (its bootloader resident)
     * @param image the stamped benchmark firmware for it
     * @param seed seed of the sample inputs
     * @param commandMillis deadline of one benchmark command
     */
    public BenchmarkJob(EmulatedBoard board, FirmwareImage image, long seed, long commandMillis) {
        this.board = board;
        this.image = image;
        this.seed = seed;
        this.commandMillis = commandMillis;
    }

    @Override
    public String protocol() {
        return "benchmark";
    }

    @Override
    public SerialLink link() {
        return board.serial();
    }

    /**
     * QMP {@code system_reset}, then the bootloader starts the firmware again (over the clean
     * link).
     */
    @Override
    public BoardReset reset() {
        return () -> {
            board.reset();
            start();
        };
    }

    /**
     * Flashes the firmware over the clean link and measures every sample twice for the references.
     */
    @Override
    public void prepare() throws LinkException {
        board.reset();
        link().discardInput();
        new An3155Flasher(
                        link(),
                        board.profile(),
                        FlashOptions.defaults(),
                        FlashProgress.NONE,
                        msg -> {})
                .flash(image);
        BenchmarkClient client = new BenchmarkClient(link(), commandMillis);
        client.awaitReady(BOOT_MILLIS);
        DeviceIdentity id = new TinypruneCommands(client).identity();
        tolerance = id.cycleResolution();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < SAMPLES; i++) {
            byte[] input = new byte[(int) id.inputBytes()];
            rng.nextBytes(input);
            inputs.add(input);
            Measured a = measure(client, input);
            Measured b = measure(client, input);
            String differs = differs(b, a);
            if (!differs.isEmpty()) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        link().name()
                                + ": two fault-free runs of sample "
                                + i
                                + " disagree ("
                                + differs
                                + "); the board is not deterministic, so faults cannot be judged");
            }
            references.add(a);
        }
    }

    @Override
    public void restore() throws LinkException {
        board.reset();
        start();
        new BenchmarkClient(link(), commandMillis).awaitReady(BOOT_MILLIS);
    }

    /** Synchronises with the bootloader of a reset board and starts the firmware (Go). */
    private void start() throws LinkException {
        link().discardInput();
        BootloaderSession clean = new BootloaderSession(link(), ANSWER_MILLIS);
        clean.sync(BOOT_MILLIS);
        clean.go(image.address());
    }

    @Override
    public Verdict run(SerialLink faulty) throws LinkException {
        int sample = next++ % inputs.size();
        Measured got;
        try {
            got = measure(new BenchmarkClient(faulty, commandMillis), inputs.get(sample));
        } catch (LinkException e) {
            return Verdict.failed(e, link().name());
        }
        String differs = differs(got, references.get(sample));
        return differs.isEmpty()
                ? new Verdict(Outcome.CORRECT, "sample " + sample + " as the reference")
                : new Verdict(Outcome.WRONG_ACCEPTED, "sample " + sample + ": " + differs);
    }

    private static Measured measure(BenchmarkClient client, byte[] input) throws LinkException {
        TinypruneCommands tp = new TinypruneCommands(client);
        return client.restartable(
                () -> {
                    client.loadInput(input);
                    ModelRun run = tp.run();
                    Inference inf = client.infer(1, 0);
                    long window = tp.windowCycles();
                    return new Measured(run.cycles(), run.output(), inf.results(), window);
                });
    }

    /** Returns what differs between a run and its reference, or empty. */
    private String differs(Measured got, Measured want) {
        List<String> out = new ArrayList<>();
        if (!Arrays.equals(got.output(), want.output())) {
            out.add("tp-output " + hex(got.output()) + " instead of " + hex(want.output()));
        }
        if (Math.abs(got.runCycles() - want.runCycles()) > tolerance) {
            out.add("tp-run cycles " + got.runCycles() + " instead of " + want.runCycles());
        }
        if (!got.results().equals(want.results())) {
            out.add("results " + got.results() + " instead of " + want.results());
        }
        if (Math.abs(got.windowCycles() - want.windowCycles()) > tolerance) {
            out.add("window cycles " + got.windowCycles() + " instead of " + want.windowCycles());
        }
        return String.join("; ", out);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
