package org.tinyprune.link.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * Host side of the MLPerf Tiny / EEMBC benchmark protocol: sends {@code %}-terminated commands,
 * collects {@code \r\n} lines up to {@code m-ready}, turns {@code e-} lines into {@link
 * Kind#REFUSED}, skips bytes that are not printable ASCII and lines that are not protocol lines,
 * and notices a board that restarted in the middle of a command (its boot banner {@code
 * m-init-done} appears in the reply).
 *
 * <p>The line is not trusted (see {@code device-runtime/server/README.md}, "Integrity and
 * recovery"): every {@code tp-*} reply must end with a valid {@code m-tp-crc-[xxxxxxxx]} line
 * (CRC-32 of the reply's bytes before it), which is checked and removed; an input loaded with
 * {@code db} is confirmed with {@code tp-input-crc%}; {@code infer}'s reply must echo its counts. A
 * reply that fails these checks, a garbled or missing {@code m-ready}, or a timeout after which the
 * board still answers, is a link fault: the client resynchronises (sends {@code %} to end a
 * half-received command, waits for its {@code m-ready}, drains the line) and repeats the command,
 * at most {@link #ATTEMPTS} times, then fails with a {@link Kind#PROTOCOL} error naming the port
 * and what arrived corrupted. Commands with side effects ({@code db}) are not repeated one by one;
 * {@link #loadInput} reloads the whole input instead.
 */
public final class BenchmarkClient {
    /** Longest command, without the terminating {@code %}. */
    public static final int MAX_COMMAND = 80;

    /** Input bytes per {@code db} command: {@code "db "} plus 76 hex digits stays within 80. */
    public static final int DB_CHUNK_BYTES = 38;

    /** Tries of one command, or of one input load, before the link is declared faulty. */
    public static final int ATTEMPTS = 3;

    /**
     * Deadline of one {@code db HEX%} chunk (the board answers at once; a lost {@code %} shows).
     */
    static final long DB_CHUNK_MILLIS = 2000;

    /** Silence that ends a drain, and after which an unterminated {@code m-ready} counts. */
    static final long QUIET_MILLIS = 100;

    /** How long {@code m-ready} may lag behind a valid {@code m-tp-crc-} line. */
    static final long READY_GRACE_MILLIS = 500;

    private static final String READY = "m-ready";
    private static final String CRC_PREFIX = "m-tp-crc-[";
    private static final Pattern CRC_LINE = Pattern.compile("m-tp-crc-\\[[0-9a-f]{8}]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final SerialLink link;
    private final long timeoutMillis;
    private final StringBuilder pending = new StringBuilder();
    private int noiseLines;
    private int retries;
    private boolean dirty;
    private boolean restartSeen;

    /**
     * Creates a client.
     *
     * @param link open port to a board running tinyprune firmware
     * @param timeoutMillis how long one command may take to finish (inference included)
     */
    public BenchmarkClient(SerialLink link, long timeoutMillis) {
        this.link = link;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Returns the link.
     *
     * @return the link
     */
    public SerialLink link() {
        return link;
    }

    /**
     * Returns how many non-protocol lines were skipped so far.
     *
     * @return how many non-protocol lines were skipped so far
     */
    public int noiseLines() {
        return noiseLines;
    }

    /**
     * Returns how often a command or an input load was repeated after a link fault.
     *
     * @return repeats so far
     */
    public int retries() {
        return retries;
    }

    /**
     * Waits for the board's boot banner to end ({@code m-ready} after {@code m-init-done}).
     *
     * @param waitMillis how long to wait
     * @return the banner lines
     * @throws LinkException {@link Kind#TIMEOUT} when the board stays silent
     */
    public Reply awaitReady(long waitMillis) throws LinkException {
        Received got = collect("(boot)", waitMillis, true);
        Reply r = new Reply("(boot)", got.lines);
        for (String l : r.lines()) {
            if (l.startsWith("e-")) {
                throw new LinkException(Kind.REFUSED, "board refused (boot)%: " + l);
            }
        }
        return r;
    }

    /**
     * Sends one command and collects its reply; repeats it after a link fault unless it is a {@code
     * db} command (see the class comment).
     *
     * @param command the command without {@code %}, at most 80 characters
     * @return reply lines before {@code m-ready} (without a {@code tp-} reply's CRC line)
     * @throws LinkException {@link Kind#REFUSED} with the board's {@code e-} line, {@link
     *     Kind#TIMEOUT} when the board stays silent, {@link Kind#GONE} when the port vanished,
     *     {@link Kind#PROTOCOL} when the reply stays corrupted
     */
    public Reply command(String command) throws LinkException {
        return command(command, timeoutMillis);
    }

    /**
     * Sends one command with its own deadline.
     *
     * @param command the command without {@code %}
     * @param waitMillis deadline for the whole reply
     * @return reply lines before {@code m-ready}
     * @throws LinkException as {@link #command(String)}
     */
    public Reply command(String command, long waitMillis) throws LinkException {
        return exchange(command, waitMillis, r -> r);
    }

    /**
     * A unit of work on the board that a restart undoes as a whole (load an input, run it, read it
     * back).
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @return its result
         * @throws LinkException as the client's commands do
         */
        T run() throws LinkException;
    }

    /**
     * Runs {@code work}, and runs it again from the start when the board restarts during it ({@link
     * BoardRestartedException}: a reset loses the loaded input and the last run), at most {@link
     * #ATTEMPTS} times; other failures end it at once.
     *
     * @param work the unit of work, starting with whatever state it needs (e.g. {@link #loadInput})
     * @return its result
     * @throws LinkException the last restart when the board keeps restarting, or the work's failure
     */
    public <T> T restartable(Work<T> work) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (LinkException e) {
                if (!(e instanceof BoardRestartedException) && !forgotten(e)) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw new LinkException(
                            Kind.PROTOCOL,
                            e.getMessage()
                                    + "; the board restarted or forgot its state "
                                    + attempt
                                    + " times in a row: check its power supply and reset line",
                            e);
                }
                resync(timeoutMillis);
                restartSeen = false;
                retries++;
            }
        }
    }

    /**
     * Whether a refusal says the board lost what the work gave it: inside a unit of work that loads
     * its own input (confirmed by CRC) first, "no input" or "no results" can only mean that the
     * board restarted and its banner was lost on the line.
     */
    private static boolean forgotten(LinkException e) {
        String m = e.getMessage();
        return e.kind() == Kind.REFUSED
                && (m.contains("e-[No input")
                        || m.contains("e-[Input incomplete")
                        || m.contains("e-[No results")
                        || m.contains("e-[No output")
                        || m.contains("e-[No timed window"));
    }

    /** Checks a reply and turns it into a value; {@link Garbled} when the line corrupted it. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Reply reply) throws Garbled, LinkException;
    }

    /**
     * Sends a command until its reply passes the checks and {@code parser}, at most {@link
     * #ATTEMPTS} times ({@code db} commands once).
     */
    <T> T exchange(String command, long waitMillis, Parser<T> parser) throws LinkException {
        boolean repeatable = !firstWord(command).equals("db");
        List<String> problems = new ArrayList<>();
        String lastRefusal = null;
        for (int attempt = 1; ; attempt++) {
            LinkException timeout = null;
            try {
                return parser.parse(attempt(command, waitMillis));
            } catch (Garbled g) {
                problems.add(g.getMessage());
            } catch (Refusal f) {
                if (!repeatable || f.line.equals(lastRefusal)) {
                    throw refused(command, f.line);
                }
                lastRefusal = f.line;
                problems.add("the board answered " + f.line);
            } catch (LinkException e) {
                if (e.kind() != Kind.TIMEOUT) {
                    throw e;
                }
                timeout = e;
                problems.add("no m-ready within " + waitMillis + " ms");
            }
            if (timeout != null && (!repeatable || attempt >= ATTEMPTS)) {
                throw attempt == 1
                        ? timeout
                        : new LinkException(
                                Kind.TIMEOUT,
                                link.name()
                                        + ": no m-ready for "
                                        + command
                                        + "% within "
                                        + waitMillis
                                        + " ms, "
                                        + attempt
                                        + " times ("
                                        + String.join("; ", problems)
                                        + "), although the board answers %: the command takes longer than that, or the line "
                                        + "loses the end of its reply");
            }
            if (!repeatable || attempt >= ATTEMPTS) {
                throw corrupted("the reply to " + command + "%", attempt, problems);
            }
            if (!resync(waitMillis) && timeout != null) {
                throw timeout;
            }
            retries++;
        }
    }

    /**
     * One try: sends the command and returns its checked reply.
     *
     * @throws Garbled when the reply shows that the line corrupted the command or the reply
     * @throws Refusal for an {@code e-} line that only a second try can confirm
     * @throws LinkException {@link Kind#REFUSED} for a confirmed refusal, or as {@link #collect}
     */
    private Reply attempt(String command, long waitMillis) throws Garbled, Refusal, LinkException {
        if (restartSeen) {
            restartSeen = false;
            throw new BoardRestartedException(
                    link.name()
                            + ": the board restarted (its boot banner arrived while "
                            + "the line was being resynchronised before "
                            + command
                            + "%); what it held is gone");
        }
        if (command.length() > MAX_COMMAND || command.indexOf('%') >= 0 || command.isEmpty()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "benchmark command \""
                            + command
                            + "\" must be "
                            + "1.."
                            + MAX_COMMAND
                            + " characters without '%'");
        }
        if (dirty && !resync(waitMillis)) {
            throw new LinkException(
                    Kind.TIMEOUT,
                    link.name()
                            + ": the board did not answer % within "
                            + waitMillis
                            + " ms; is tinyprune firmware running on the board?");
        }
        pending.setLength(0);
        link.write((command + "%").getBytes(StandardCharsets.US_ASCII));
        boolean tp = command.startsWith("tp-");
        Received got = collect(command, waitMillis, false);
        if (tp) {
            return checkCrc(command, got);
        }
        if (!got.cleanReady) {
            throw new Garbled(
                    "the reply to " + command + "% ended with a garbled m-ready: " + got.lines);
        }
        Reply r = new Reply(command, got.lines);
        for (String l : r.lines()) {
            if (l.startsWith("e-")) {
                checkEcho(command, l);
                if (l.startsWith("e-[Unknown command: ")) {
                    throw refused(command, l); // the echo shows the board got the command as sent
                }
                throw new Refusal(l);
            }
        }
        return r;
    }

    /**
     * Verifies a {@code tp-} reply's CRC line and returns the lines before it; a valid reply's
     * {@code e-} line is the board's own answer.
     */
    private Reply checkCrc(String command, Received got) throws Garbled, LinkException {
        int at = got.lines.size() - 1;
        while (at >= 0 && !CRC_LINE.matcher(got.lines.get(at)).matches()) {
            at--;
        }
        if (at < 0) {
            if (got.lines.size() == 1 && got.lines.get(0).startsWith("e-[Unknown command: ")) {
                checkEcho(command, got.lines.get(0));
                throw new LinkException(
                        Kind.REFUSED,
                        "board refused "
                                + command
                                + "%: "
                                + got.lines.get(0)
                                + "; the firmware does not know this tinyprune command: rebuild and flash it");
            }
            throw new Garbled(
                    "the reply to " + command + "% has no m-tp-crc-[...] line: " + got.lines);
        }
        String crcLine = got.lines.get(at);
        CRC32 crc = new CRC32();
        for (String raw : got.rawBeforeCrc) {
            crc.update((raw + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        String computed = String.format("%08x", crc.getValue());
        String sent = crcLine.substring(CRC_PREFIX.length(), crcLine.length() - 1);
        if (!computed.equals(sent)) {
            throw new Garbled(
                    "CRC mismatch in the reply to "
                            + command
                            + "%: the board sent "
                            + crcLine
                            + ", the received lines "
                            + abbreviate(got.lines.subList(0, at))
                            + " give "
                            + computed);
        }
        if (at < got.lines.size() - 1) {
            dirty = true; // a garbled m-ready: the reply itself is intact, the line needs draining
        }
        Reply r = new Reply(command, List.copyOf(got.lines.subList(0, at)));
        for (String l : r.lines()) {
            if (l.startsWith("e-")) {
                throw refused(command, l);
            }
        }
        return r;
    }

    /**
     * Recognises the server's answers to a command it did not receive as sent: an unknown command
     * that is not the one sent, an empty or an over-long command (the {@code %} was lost or added).
     */
    private static void checkEcho(String command, String line) throws Garbled {
        String unknown = "e-[Unknown command: ";
        if (line.startsWith(unknown)
                && line.endsWith("]")
                && !line.substring(unknown.length(), line.length() - 1)
                        .equals(firstWord(command))) {
            throw new Garbled(
                    "the board received \""
                            + line.substring(unknown.length(), line.length() - 1)
                            + "\" for "
                            + command
                            + "%");
        }
        if (line.equals("e-[Empty command]")
                || line.equals("e-[Command longer than 80 characters]")) {
            throw new Garbled("the board answered " + line + " to " + command + "%");
        }
    }

    /** Lines of one reply: the protocol lines, every line as received, and how it ended. */
    private static final class Received {
        final List<String> lines = new ArrayList<>();

        /**
         * Every line received (non-printable bytes removed) up to the last {@code m-tp-crc-} line.
         */
        final List<String> rawBeforeCrc = new ArrayList<>();

        final List<String> raw = new ArrayList<>();
        boolean sawCrc;
        boolean cleanReady = true;
    }

    private Received collect(String command, long waitMillis, boolean boot) throws LinkException {
        Received got = new Received();
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        byte[] buf = new byte[512];
        while (true) {
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String raw = pending.substring(0, nl);
                String line = raw.strip();
                pending.delete(0, nl + 1);
                if (line.equals(READY)) {
                    return got;
                }
                if (!boot && looksLikeReady(line)) {
                    got.cleanReady = false;
                    dirty = true;
                    return got;
                }
                if (line.equals("m-init-done") && !boot) {
                    restartSeen = false;
                    throw new BoardRestartedException(
                            link.name()
                                    + ": the board restarted while "
                                    + "answering "
                                    + command
                                    + "% (boot banner in the reply); run the command again");
                }
                if (line.startsWith("e-[fault:")) {
                    throw new LinkException(
                            Kind.PROTOCOL,
                            link.name()
                                    + ": the board faulted while answering "
                                    + command
                                    + "% and stopped: "
                                    + line
                                    + "; reset it (or restart the emulator) and "
                                    + "check the model and kernels");
                }
                if (line.startsWith("m-") || line.startsWith("e-")) {
                    got.lines.add(line);
                } else if (!line.isEmpty()) {
                    noiseLines++;
                }
                got.raw.add(raw);
                if (!boot && command.startsWith("tp-") && CRC_LINE.matcher(line).matches()) {
                    got.sawCrc = true;
                    got.rawBeforeCrc.clear();
                    got.rawBeforeCrc.addAll(got.raw.subList(0, got.raw.size() - 1));
                    // the reply is complete; m-ready follows at once unless the line ate it
                    deadline =
                            Math.min(deadline, System.nanoTime() + READY_GRACE_MILLIS * 1_000_000L);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                if (got.sawCrc) {
                    got.cleanReady = false;
                    dirty = true;
                    return got;
                }
                throw new LinkException(
                        Kind.TIMEOUT,
                        link.name()
                                + ": no m-ready for "
                                + command
                                + "% within "
                                + waitMillis
                                + " ms; received "
                                + got.lines
                                + (pending.length() > 0
                                        ? " and a partial line \"" + pending + "\""
                                        : "")
                                + "; is tinyprune firmware running on the board?");
            }
            String partial = pending.toString().strip();
            boolean unterminatedReady = !boot && (partial.equals(READY) || looksLikeReady(partial));
            int n =
                    link.read(
                            buf,
                            0,
                            buf.length,
                            unterminatedReady ? Math.min(left, QUIET_MILLIS) : left);
            if (n == 0 && unterminatedReady) {
                // "m-ready" whose line end was lost or garbled, then silence: the reply is over
                pending.setLength(0);
                got.cleanReady = false;
                dirty = true;
                return got;
            }
            append(buf, n);
        }
    }

    private void append(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            int c = buf[i] & 0xFF;
            if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
                pending.append((char) c);
            }
        }
    }

    /**
     * Returns whether a line is {@code m-ready} garbled: one byte changed, dropped or added, or
     * glued to the end of the line before it (whose line end was lost). No protocol line is that
     * close to it, so it marks the end of a reply.
     *
     * @param line a received line
     * @return whether it is a garbled {@code m-ready}
     */
    static boolean looksLikeReady(String line) {
        if (line.length() > READY.length() && line.endsWith(READY)) {
            return true;
        }
        if (Math.abs(line.length() - READY.length()) > 1) {
            return false;
        }
        int[] prev = new int[READY.length() + 1];
        int[] cur = new int[READY.length() + 1];
        for (int j = 0; j <= READY.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= line.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= READY.length(); j++) {
                int same = line.charAt(i - 1) == READY.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(prev[j - 1] + same, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[READY.length()] == 1;
    }

    /**
     * Brings the line back to a known state after a link fault: sends {@code %} (ending a command
     * the board received only in part, or asking an idle board for {@code e-[Empty command]}),
     * waits for an {@code m-ready} followed by silence, and drops everything received.
     *
     * @return whether the board sent anything at all
     */
    private boolean resync(long waitMillis) throws LinkException {
        dirty = false;
        pending.setLength(0);
        link.write(new byte[] {'%'});
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        byte[] buf = new byte[512];
        boolean heard = false;
        boolean ready = false;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            int n = link.read(buf, 0, buf.length, heard ? Math.min(left, QUIET_MILLIS) : left);
            if (n == 0) {
                String partial = pending.toString().strip();
                if (ready || partial.equals(READY) || looksLikeReady(partial)) {
                    break;
                }
                continue;
            }
            heard = true;
            append(buf, n);
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl).strip();
                pending.delete(0, nl + 1);
                restartSeen |= line.equals("m-init-done");
                ready = line.equals(READY) || looksLikeReady(line);
            }
            ready &= pending.length() == 0;
        }
        pending.setLength(0);
        return heard;
    }

    private LinkException refused(String command, String line) {
        return new LinkException(Kind.REFUSED, "board refused " + command + "%: " + line);
    }

    private LinkException corrupted(String what, int attempts, List<String> problems) {
        return new LinkException(
                Kind.PROTOCOL,
                link.name()
                        + ": "
                        + what
                        + " arrived corrupted "
                        + (attempts == 1 ? "once" : attempts + " times")
                        + " ("
                        + String.join("; ", problems)
                        + "); the serial line corrupts or drops bytes: check the cable, the baud rate and the "
                        + "board's ground, then run again");
    }

    private static String abbreviate(List<String> lines) {
        String s = lines.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...]";
    }

    private static String firstWord(String command) {
        int sp = command.indexOf(' ');
        return sp < 0 ? command : command.substring(0, sp);
    }

    /**
     * {@code name%}.
     *
     * @return the device name from {@code m-name-dut-[NAME]}
     * @throws LinkException on a missing or refused reply
     */
    public String name() throws LinkException {
        return command("name").value("name-dut");
    }

    /**
     * {@code timestamp%}.
     *
     * @return the board's microsecond timestamp from {@code m-lap-us-N}
     * @throws LinkException on a missing or refused reply, or one that stays garbled
     */
    public long timestampMicros() throws LinkException {
        return exchange(
                "timestamp",
                timeoutMillis,
                r -> {
                    List<Long> laps = parseLaps(r);
                    if (laps.size() != 1 || r.lines().size() != 1) {
                        throw new Garbled(
                                "the reply to timestamp% is not one m-lap-us-N line: " + r.lines());
                    }
                    return laps.get(0);
                });
    }

    /**
     * Loads one input: {@code db load N%}, then {@code db HEX%} chunks until {@code m-load-done},
     * then confirms with {@code tp-input-crc%} that the board holds exactly these bytes. A load the
     * line corrupted is repeated from {@code db load}, at most {@link #ATTEMPTS} times.
     *
     * @param input the model input bytes (int8 as stored)
     * @throws LinkException {@link Kind#REFUSED} when the board expects another size; {@link
     *     Kind#PROTOCOL} when the input does not arrive intact
     */
    public void loadInput(byte[] input) throws LinkException {
        CRC32 crc = new CRC32();
        crc.update(input);
        String want = String.format("%08x", crc.getValue());
        List<String> problems = new ArrayList<>();
        String lastRefusal = null;
        for (int attempt = 1; ; attempt++) {
            LinkException timeout = null;
            try {
                loadOnce(input);
                Reply check = command("tp-input-crc");
                long loaded = check.number("tp-input-loaded");
                String held = check.value("tp-input-crc");
                if (loaded == input.length && held.equals(want)) {
                    return;
                }
                problems.add(
                        "the board holds "
                                + loaded
                                + " bytes with CRC-32 "
                                + held
                                + ", the host sent "
                                + input.length
                                + " bytes with CRC-32 "
                                + want);
            } catch (Garbled g) {
                problems.add(g.getMessage());
            } catch (Refusal f) {
                if (f.line.equals(lastRefusal)) {
                    throw refused("db load " + input.length, f.line);
                }
                lastRefusal = f.line;
                problems.add("db load " + input.length + "% was answered " + f.line);
            } catch (LinkException e) {
                if (e.kind() != Kind.TIMEOUT) {
                    throw e;
                }
                timeout = e;
                problems.add(e.getMessage());
            }
            if (attempt >= ATTEMPTS) {
                throw corrupted("the " + input.length + "-byte input (db)", attempt, problems);
            }
            if (!resync(timeoutMillis) && timeout != null) {
                throw timeout;
            }
            retries++;
        }
    }

    private void loadOnce(byte[] input) throws Garbled, Refusal, LinkException {
        String expecting = "m-[Expecting " + input.length + " bytes]";
        Reply start = attempt("db load " + input.length, timeoutMillis);
        if (!start.lines().equals(List.of(expecting))) {
            throw new Garbled(
                    "db load "
                            + input.length
                            + "% was answered "
                            + start.lines()
                            + ", not "
                            + expecting);
        }
        StringBuilder hex = new StringBuilder();
        long chunkMillis = Math.min(timeoutMillis, DB_CHUNK_MILLIS);
        for (int off = 0; off < input.length; off += DB_CHUNK_BYTES) {
            hex.setLength(0);
            hex.append("db ");
            for (int i = off; i < Math.min(input.length, off + DB_CHUNK_BYTES); i++) {
                hex.append(Character.forDigit((input[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(input[i] & 0xF, 16));
            }
            List<String> want =
                    off + DB_CHUNK_BYTES >= input.length ? List.of("m-load-done") : List.of();
            Reply r;
            try {
                r = attempt(hex.toString(), chunkMillis);
            } catch (Refusal f) {
                // the host sends only valid hex after a good db load: a refusal is a garbled chunk
                throw new Garbled("the db chunk at byte " + off + " was answered " + f.line);
            }
            if (!r.lines().equals(want)) {
                throw new Garbled(
                        "the db chunk at byte "
                                + off
                                + " of "
                                + input.length
                                + " was answered "
                                + r.lines()
                                + (want.isEmpty()
                                        ? ", not with m-ready alone"
                                        : ", not m-load-done"));
            }
        }
    }

    /**
     * {@code infer N W%}: W warm-up runs, then N timed runs between two {@code m-lap-us-} lines.
     * The reply carries no CRC (EEMBC text); it must echo N and W, hold two ordered laps and
     * parseable results that {@code results%} (which prints the last run's results again) repeats
     * exactly, else it is repeated. {@link TinypruneCommands#timedWindow} also checks the laps
     * against {@code tp-window%}.
     *
     * @param runs timed runs (&gt; 0)
     * @param warmups warm-up runs (&ge; 0)
     * @return the window in microseconds and the results
     * @throws LinkException when the board refuses (e.g. no input loaded) or the reply stays
     *     garbled
     */
    public Inference infer(int runs, int warmups) throws LinkException {
        return exchange(
                "infer " + runs + " " + warmups,
                timeoutMillis,
                r -> {
                    List<String> want =
                            List.of(
                                    "m-warmup-start-" + warmups,
                                    "m-warmup-done",
                                    "m-infer-start-" + runs);
                    List<String> lines = r.lines();
                    if (lines.size() != 7
                            || !lines.subList(0, 3).equals(want)
                            || !lines.get(5).equals("m-infer-done")
                            || !lines.get(6).startsWith("m-results-[")) {
                        throw new Garbled(
                                "the reply to infer "
                                        + runs
                                        + " "
                                        + warmups
                                        + "% is not "
                                        + want
                                        + " + two m-lap-us- lines + m-infer-done + m-results-[...]: "
                                        + lines);
                    }
                    List<Long> laps = parseLaps(r);
                    if (laps.size() != 2 || laps.get(1) < laps.get(0)) {
                        throw new Garbled(
                                "the reply to infer "
                                        + runs
                                        + " "
                                        + warmups
                                        + "% has laps "
                                        + laps
                                        + ", not two ordered m-lap-us- lines");
                    }
                    List<Double> results = results(r);
                    List<Double> again = results(command("results"));
                    if (!results.equals(again)) {
                        throw new Garbled(
                                "infer "
                                        + runs
                                        + " "
                                        + warmups
                                        + "%'s m-results "
                                        + results
                                        + " and results%'s "
                                        + again
                                        + " differ");
                    }
                    return new Inference(runs, laps.get(1) - laps.get(0), results);
                });
    }

    private static List<Double> results(Reply r) throws Garbled {
        try {
            return Inference.parseResults(r);
        } catch (LinkException e) {
            throw new Garbled(e.getMessage());
        }
    }

    private static List<Long> parseLaps(Reply r) throws Garbled {
        List<Long> laps = new ArrayList<>();
        for (String v : r.after("m-lap-us-")) {
            if (!DIGITS.matcher(v).matches()) {
                throw new Garbled(
                        "the reply to " + r.command() + "% has m-lap-us-" + v + ", not a number");
            }
            laps.add(Long.parseLong(v));
        }
        return laps;
    }

    /** A reply the line corrupted, with what gave it away; the command is worth repeating. */
    static final class Garbled extends Exception {
        private static final long serialVersionUID = 1L;

        Garbled(String message) {
            super(message, null, false, false);
        }
    }

    /** An {@code e-} line without a CRC: the board's answer only if a second try repeats it. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final String line;

        Refusal(String line) {
            super(line, null, false, false);
            this.line = line;
        }
    }
}
