package org.tinyprune.link.bench;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * tinyprune's benchmark-protocol extensions (see {@code device-runtime/server/README.md}):
 * identity, raw cycles of the last timed window, per-layer cycles, memory, raw int8 output. Replies
 * are {@code m-tp-KEY-[VALUE]} lines; {@link BenchmarkClient} has checked their {@code m-tp-crc-}
 * line (and repeated a corrupted one) before they are parsed here, so a value that is still out of
 * range is the firmware's, reported as {@link Kind#PROTOCOL}.
 */
public final class TinypruneCommands {
    private final BenchmarkClient client;

    /**
     * Wraps a client.
     *
     * @param client connected benchmark client
     */
    public TinypruneCommands(BenchmarkClient client) {
        this.client = client;
    }

    /**
     * {@code tp-identity%}.
     *
     * @return board, core, clock, timer and model identity
     * @throws LinkException on a refused or malformed reply
     */
    public DeviceIdentity identity() throws LinkException {
        Reply r = client.command("tp-identity");
        DeviceIdentity id =
                new DeviceIdentity(
                        r.value("tp-board"),
                        r.value("tp-core"),
                        r.number("tp-clock-hz"),
                        r.number("tp-emulated") != 0,
                        r.value("tp-timer"),
                        r.value("tp-cycle-unit"),
                        r.number("tp-cycle-resolution"),
                        r.value("tp-model-hash"),
                        r.number("tp-input-bytes"),
                        r.number("tp-output-bytes"),
                        r.number("tp-layers"));
        require(r, r.number("tp-emulated") <= 1, "m-tp-emulated-[0 or 1]");
        require(
                r,
                id.clockHz() > 0
                        && id.cycleResolution() > 0
                        && id.inputBytes() > 0
                        && id.outputBytes() > 0
                        && id.layers() > 0,
                "a clock, a cycle resolution, input and output "
                        + "sizes and a layer count above 0");
        require(r, id.modelHash().matches("0x[0-9a-f]{8}"), "m-tp-model-hash-[0x + 8 hex digits]");
        return id;
    }

    /**
     * {@code tp-memory%}.
     *
     * @return static RAM, arena, stack and image sizes
     * @throws LinkException on a refused or malformed reply
     */
    public DeviceMemory memory() throws LinkException {
        Reply r = client.command("tp-memory");
        DeviceMemory m =
                new DeviceMemory(
                        r.number("tp-data-bytes"),
                        r.number("tp-bss-bytes"),
                        r.number("tp-static-ram-bytes"),
                        r.number("tp-arena-bytes"),
                        r.number("tp-stack-size-bytes"),
                        r.number("tp-stack-used-bytes"),
                        r.number("tp-flash-image-bytes"));
        require(r, m.staticRamBytes() == m.dataBytes() + m.bssBytes(), "static RAM = data + bss");
        require(r, m.arenaBytes() <= m.staticRamBytes(), "an arena inside static RAM");
        require(r, m.stackUsedBytes() <= m.stackSizeBytes(), "stack used <= stack size");
        return m;
    }

    /**
     * {@code tp-window%}: the raw cycles of the last {@code infer} window.
     *
     * @return total cycles of the window (divide by runs for one run)
     * @throws LinkException when no window was run yet, or on a malformed reply
     */
    public long windowCycles() throws LinkException {
        return window().cycles();
    }

    /**
     * {@code tp-window%}: the last {@code infer} window, with the laps {@code infer} printed.
     *
     * @return runs, ticks, cycles and the microseconds between the laps
     * @throws LinkException when no window was run yet, or on a malformed reply
     */
    public TimedWindow window() throws LinkException {
        Reply r = client.command("tp-window");
        long runs = r.number("tp-window-runs");
        long ticks = r.number("tp-window-ticks");
        long cycles = r.number("tp-window-cycles");
        List<String> laps =
                r.fields("tp-window-laps-us")
                        .orElseThrow(() -> r.missing("m-tp-window-laps-us-[T0]-[T1]"));
        require(
                r,
                laps.size() == 2 && laps.stream().allMatch(v -> v.matches("[0-9]{1,18}")),
                "m-tp-window-laps-us-[T0]-[T1] of two numbers");
        long t0 = Long.parseLong(laps.get(0));
        long t1 = Long.parseLong(laps.get(1));
        require(
                r,
                runs > 0 && runs <= Integer.MAX_VALUE && t1 >= t0,
                "runs above 0 and ordered laps");
        require(
                r,
                ticks == 0 ? cycles == 0 : cycles >= ticks && cycles % ticks == 0,
                "cycles that are ticks times the cycle resolution");
        return new TimedWindow((int) runs, ticks, cycles, t1 - t0);
    }

    /**
     * Runs one timed window ({@code infer runs warmups%}) and reads it back with {@code
     * tp-window%}. {@code infer}'s EEMBC reply has no CRC: its laps must equal the copy {@code
     * tp-window%} sends under its CRC, and the window must hold the runs asked for; when they
     * disagree the window is run again, at most {@link BenchmarkClient#ATTEMPTS} times.
     *
     * @param runs timed runs (&gt; 0)
     * @param warmups warm-up runs (&ge; 0)
     * @return the checked window
     * @throws LinkException when the board refuses, or the two replies keep disagreeing ({@link
     *     Kind#PROTOCOL}, naming the port)
     */
    public TimedWindow timedWindow(int runs, int warmups) throws LinkException {
        List<String> problems = new ArrayList<>();
        for (int attempt = 1; attempt <= BenchmarkClient.ATTEMPTS; attempt++) {
            Inference inference = client.infer(runs, warmups);
            TimedWindow w = window();
            if (w.runs() != runs) {
                problems.add(
                        "tp-window% reports "
                                + w.runs()
                                + " runs for infer "
                                + runs
                                + " "
                                + warmups
                                + "%");
            } else if (w.windowMicros() != inference.windowMicros()) {
                problems.add(
                        "infer's m-lap-us- lines span "
                                + inference.windowMicros()
                                + " us, tp-window's copy "
                                + w.windowMicros()
                                + " us");
            } else {
                return w;
            }
        }
        throw new LinkException(
                Kind.PROTOCOL,
                client.link().name()
                        + ": infer "
                        + runs
                        + " "
                        + warmups
                        + "% and tp-window% disagreed "
                        + BenchmarkClient.ATTEMPTS
                        + " times ("
                        + String.join("; ", problems)
                        + "); the serial line corrupts or drops bytes: check the cable, the baud rate and the board's "
                        + "ground, then run again");
    }

    /**
     * {@code tp-layers%}: runs the loaded input once with per-layer timing.
     *
     * @return cycles per layer in execution order
     * @throws LinkException when no input is loaded, or on a malformed reply
     */
    public List<LayerCycles> layers() throws LinkException {
        Reply r = client.command("tp-layers");
        List<LayerCycles> out = new ArrayList<>();
        for (List<String> f : r.all("tp-layer")) {
            if (f.size() != 3
                    || !f.get(0).equals(Integer.toString(out.size()))
                    || !f.get(2).matches("[0-9]{1,18}")) {
                throw r.missing("m-tp-layer-[" + out.size() + "]-[name]-[cycles] (got " + f + ")");
            }
            out.add(new LayerCycles(out.size(), f.get(1), Long.parseLong(f.get(2))));
        }
        if (out.isEmpty()) {
            throw r.missing("m-tp-layer-[...] lines");
        }
        r.number("tp-layers-cycles");
        return out;
    }

    /**
     * {@code tp-run%}: runs the loaded input once and returns cycles and the raw int8 output.
     *
     * @return the run
     * @throws LinkException when no input is loaded, the model failed, or the reply is malformed
     */
    public ModelRun run() throws LinkException {
        Reply r = client.command("tp-run");
        return new ModelRun(r.number("tp-run-cycles"), hex(r, r.value("tp-output")));
    }

    /**
     * {@code tp-output%}: the raw int8 output of the last run.
     *
     * @return output bytes
     * @throws LinkException when nothing ran yet, or on a malformed reply
     */
    public byte[] output() throws LinkException {
        Reply r = client.command("tp-output");
        return hex(r, r.value("tp-output"));
    }

    private static void require(Reply r, boolean ok, String what) throws LinkException {
        if (!ok) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    "reply to "
                            + r.command()
                            + "% is inconsistent: expected "
                            + what
                            + ", got "
                            + r.lines()
                            + "; is the firmware a tinyprune build of the same version?");
        }
    }

    private static byte[] hex(Reply r, String text) throws LinkException {
        if (text.length() % 2 != 0) {
            throw new LinkException(
                    Kind.PROTOCOL, "m-tp-output-[" + text + "] has an odd number of hex digits");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw r.missing("m-tp-output-[HEX] (got \"" + text + "\")");
            }
            out[i] = (byte) (hi * 16 + lo);
        }
        return out;
    }
}
