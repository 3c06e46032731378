package org.tinyprune.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Tensor;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.bench.ModelRun;
import org.tinyprune.link.bench.TinypruneCommands;
import org.tinyprune.link.session.BoardSession;

/**
 * Measures the model running on a board (flashed and started in the session) against its host int8
 * reference interpreter: latency windows, accuracy with a bit-exact output comparison. Memory and
 * per-layer cycles come straight from {@link TinypruneCommands}.
 */
public final class Measurement {
    /** Timed windows per latency figure (median reported), as MLPerf Tiny's performance mode. */
    public static final int WINDOWS = 5;

    private final Supplier<BenchmarkClient> client;
    private final Int8Interpreter reference;

    /**
     * Creates a measurement.
     *
     * @param board a session whose firmware runs the model
     * @param reference the host int8 interpreter of the same quantised graph
     */
    public Measurement(BoardSession board, Int8Interpreter reference) {
        this.client = board::client;
        this.reference = reference;
    }

    /**
     * Creates a measurement over a given client (e.g. one on a link that injects faults).
     *
     * @param client a client of firmware that runs the model
     * @param reference the host int8 interpreter of the same quantised graph
     */
    public Measurement(BenchmarkClient client, Int8Interpreter reference) {
        this.client = () -> client;
        this.reference = reference;
    }

    /**
     * Runs {@code windows} timed windows on one input: per window, loads it (confirmed by the
     * board's CRC of what it received), then {@code infer runs warmups%} and {@code tp-window%},
     * all again when the board restarts meanwhile ({@link TinypruneCommands#timedWindow}: the
     * cycles come from a reply with a CRC).
     *
     * @param input device-order input codes
     * @param windows number of windows (&ge; 1)
     * @param runs timed runs per window (&ge; 1)
     * @param warmups warm-up runs before each window
     * @return the windows' raw cycles
     * @throws LinkException when the board fails or refuses, or the line stays corrupted
     */
    public Latency latency(byte[] input, int windows, int runs, int warmups) throws LinkException {
        BenchmarkClient c = client.get();
        TinypruneCommands tp = new TinypruneCommands(c);
        List<Long> cycles = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            cycles.add(
                    c.restartable(
                            () -> {
                                c.loadInput(input);
                                return tp.timedWindow(runs, warmups).cycles();
                            }));
        }
        return new Latency(runs, cycles);
    }

    /**
     * Runs every sample on the board ({@code db load}, {@code tp-run%}) and on the host reference,
     * and compares them. The input and the output cross the line under a CRC (a corrupted transfer
     * is repeated or ends in a link error), so a difference is the board's computation.
     *
     * @param samples prepared inputs
     * @param progress told the number of samples done after each one
     * @return accuracy and agreement with the host
     * @throws LinkException when the board fails or refuses, or the line stays corrupted
     */
    public DeviceAccuracy accuracy(List<DeviceSample> samples, IntConsumer progress)
            throws LinkException {
        BenchmarkClient c = client.get();
        TinypruneCommands tp = new TinypruneCommands(c);
        int correct = 0;
        int hostCorrect = 0;
        int matching = 0;
        int done = 0;
        List<Integer> mismatches = new ArrayList<>();
        for (DeviceSample s : samples) {
            ModelRun run =
                    c.restartable(
                            () -> {
                                c.loadInput(s.nhwc());
                                return tp.run();
                            });
            byte[] host = hostOutput(s.nchw());
            if (Arrays.equals(run.output(), host)) {
                matching++;
            } else if (mismatches.size() < 10) {
                mismatches.add(s.index());
            }
            correct += Int8Interpreter.argmax(run.output()) == s.label() ? 1 : 0;
            hostCorrect += Int8Interpreter.argmax(host) == s.label() ? 1 : 0;
            progress.accept(++done);
        }
        return new DeviceAccuracy(samples.size(), correct, hostCorrect, matching, mismatches);
    }

    /**
     * Runs the host reference on IR-order input codes and returns its output in the device's order
     * (NHWC for a rank-4 output, unchanged otherwise).
     *
     * @param nchw input codes in the IR's order
     * @return output codes as the device lays them out
     */
    public byte[] hostOutput(byte[] nchw) {
        byte[] out = reference.run(nchw);
        Tensor t = reference.graph().tensor(reference.graph().outputs().get(0));
        if (t.rank() == 4 && t.dim(1) > 1 && t.dim(2) * t.dim(3) > 1) {
            return DeviceSamples.toNhwc(out, t.dim(1), t.dim(2) * t.dim(3));
        }
        return out;
    }
}
