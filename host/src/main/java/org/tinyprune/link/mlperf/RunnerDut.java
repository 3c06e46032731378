package org.tinyprune.link.mlperf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * The device under test as the MLPerf Tiny runner sees it: a command is its text and {@code %}, its
 * reply every line up to {@code m-ready}; names, model ids, results and laps are read with the
 * runner's patterns and nothing else is checked (that is what a stock runner relies on).
 */
public final class RunnerDut {
    /** Input bytes per {@code db} command, as the runner sends them without a power board. */
    public static final int DB_BYTES = 31;

    private static final Pattern NAME = Pattern.compile("^m-name-dut-\\[([^]]+)]$");
    private static final Pattern PROFILE = Pattern.compile("^m-(model|profile)-\\[([^]]+)]$");
    private static final Pattern RESULTS = Pattern.compile("^m-results-\\[([^]]+)]$");
    private static final Pattern LAP = Pattern.compile("^m-lap-us-([0-9]+)$");

    private final SerialLink link;
    private final long timeoutMillis;
    private final StringBuilder pending = new StringBuilder();

    /** One {@code infer N W%}: the results vector and the two laps (microseconds of board time). */
    public record Inference(
            int iterations, List<Double> results, long startMicros, long endMicros) {
        /** Copies the list. */
        public Inference {
            results = List.copyOf(results);
        }

        /**
         * Returns the microseconds between the two laps.
         *
         * @return end minus start
         */
        public long elapsedMicros() {
            return endMicros - startMicros;
        }
    }

    /**
     * Creates the runner's view of a board.
     *
     * @param link an open port to firmware that speaks the benchmark protocol
     * @param timeoutMillis how long one command may take
     */
    public RunnerDut(SerialLink link, long timeoutMillis) {
        this.link = link;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends a command and returns its reply lines before {@code m-ready}, stripped, empty ones left
     * out.
     *
     * @param command without {@code %}
     * @return the lines
     * @throws LinkException {@link Kind#TIMEOUT} when no {@code m-ready} arrives in time
     */
    public List<String> send(String command) throws LinkException {
        link.write((command + "%").getBytes(StandardCharsets.US_ASCII));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buf = new byte[256];
        while (true) {
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl).strip();
                pending.delete(0, nl + 1);
                if (line.equals("m-ready")) {
                    return lines;
                }
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new LinkException(
                        Kind.TIMEOUT,
                        link.name()
                                + ": no m-ready for "
                                + command
                                + "% within "
                                + timeoutMillis
                                + " ms; received "
                                + lines);
            }
            int n = link.read(buf, 0, buf.length, left);
            pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * {@code name%}, as the runner identifies the board.
     *
     * @return the name in {@code m-name-dut-[NAME]}, or null when no line matches
     * @throws LinkException when the board does not answer
     */
    public String name() throws LinkException {
        for (String l : send("name")) {
            Matcher m = NAME.matcher(l);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * {@code profile%}: the model id the runner picks its test script by.
     *
     * @return the id in {@code m-model-[ID]}, or null when no line matches
     * @throws LinkException when the board does not answer
     */
    public String model() throws LinkException {
        String model = null;
        for (String l : send("profile")) {
            Matcher m = PROFILE.matcher(l);
            if (m.matches() && m.group(1).equals("model")) {
                model = m.group(2);
            }
        }
        return model;
    }

    /**
     * Loads an input as the runner does: {@code db load N}, then {@code db HEX} of {@value
     * #DB_BYTES} bytes at a time.
     *
     * @param data the input bytes
     * @return the reply to the last {@code db} command
     * @throws LinkException when the board does not answer
     */
    public List<String> load(byte[] data) throws LinkException {
        List<String> reply = send("db load " + data.length);
        for (int i = 0; i < data.length; i += DB_BYTES) {
            StringBuilder cmd = new StringBuilder("db ");
            for (int j = i; j < Math.min(data.length, i + DB_BYTES); j++) {
                cmd.append(String.format("%02x", data[j] & 0xFF));
            }
            reply = send(cmd.toString());
        }
        return reply;
    }

    /**
     * {@code infer N W%}, read with the runner's patterns: the last {@code m-results-[...]} line
     * split at commas into numbers, the first {@code m-lap-us-} line the start, the next the end.
     *
     * @param iterations timed runs
     * @param warmups warm-up runs (always sent, as the runner does)
     * @return the results and laps
     * @throws LinkException {@link Kind#PROTOCOL} when results or either lap are missing or not
     *     numbers
     */
    public Inference infer(int iterations, int warmups) throws LinkException {
        List<String> reply = send("infer " + iterations + " " + warmups);
        List<Double> results = null;
        Long start = null;
        Long end = null;
        for (String l : reply) {
            Matcher r = RESULTS.matcher(l);
            if (r.matches()) {
                results = new ArrayList<>();
                try {
                    for (String v : r.group(1).split(",")) {
                        if (!v.isBlank()) {
                            results.add(Double.valueOf(v.strip()));
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new LinkException(
                            Kind.PROTOCOL,
                            link.name() + ": " + l + " holds a value that is not a number");
                }
                continue;
            }
            Matcher lap = LAP.matcher(l);
            if (lap.matches()) {
                if (start == null) {
                    start = Long.valueOf(lap.group(1));
                } else {
                    end = Long.valueOf(lap.group(1));
                }
            }
        }
        if (results == null || start == null || end == null) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    link.name()
                            + ": infer "
                            + iterations
                            + " "
                            + warmups
                            + "% gave no m-results-[...] or not two m-lap-us- lines: "
                            + reply);
        }
        return new Inference(iterations, results, start, end);
    }
}
