package org.tinyprune.link.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * Host side of the MLPerf Tiny / EEMBC benchmark protocol: sends {@code %}-terminated commands,
 * collects {@code \r\n} lines up to {@code m-ready}, turns {@code e-} lines into
 * {@link Kind#REFUSED}, skips bytes that are not printable ASCII and lines that are not protocol
 * lines, and notices a board that restarted in the middle of a command (its boot banner
 * {@code m-init-done} appears in the reply).
 */
public final class BenchmarkClient {
  /** Longest command, without the terminating {@code %}. */
  public static final int MAX_COMMAND = 80;
  /** Input bytes per {@code db} command: {@code "db "} plus 76 hex digits stays within 80. */
  public static final int DB_CHUNK_BYTES = 38;

  private final SerialLink link;
  private final long timeoutMillis;
  private final StringBuilder pending = new StringBuilder();
  private int noiseLines;

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
   * Waits for the board's boot banner to end ({@code m-ready} after {@code m-init-done}).
   *
   * @param waitMillis how long to wait
   * @return the banner lines
   * @throws LinkException {@link Kind#TIMEOUT} when the board stays silent
   */
  public Reply awaitReady(long waitMillis) throws LinkException {
    return collect("(boot)", waitMillis, true);
  }

  /**
   * Sends one command and collects its reply.
   *
   * @param command the command without {@code %}, at most 80 characters
   * @return reply lines before {@code m-ready}
   * @throws LinkException {@link Kind#REFUSED} with the board's {@code e-} line,
   *     {@link Kind#TIMEOUT} with the partial reply, {@link Kind#GONE} when the port vanished
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
    if (command.length() > MAX_COMMAND || command.indexOf('%') >= 0 || command.isEmpty()) {
      throw new LinkException(Kind.INVALID_REQUEST, "benchmark command \"" + command + "\" must be "
          + "1.." + MAX_COMMAND + " characters without '%'");
    }
    pending.setLength(0);
    link.write((command + "%").getBytes(StandardCharsets.US_ASCII));
    return collect(command, waitMillis, false);
  }

  private Reply collect(String command, long waitMillis, boolean boot) throws LinkException {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    byte[] buf = new byte[512];
    while (true) {
      int nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        String line = pending.substring(0, nl).strip();
        pending.delete(0, nl + 1);
        if (line.equals("m-ready")) {
          return check(new Reply(command, lines));
        }
        if (line.equals("m-init-done") && !boot) {
          throw new LinkException(Kind.PROTOCOL, link.name() + ": the board restarted while "
              + "answering " + command + "% (boot banner in the reply); run the command again");
        }
        if (line.startsWith("e-[fault:")) {
          throw new LinkException(Kind.PROTOCOL, link.name() + ": the board faulted while answering "
              + command + "% and stopped: " + line + "; reset it (or restart the emulator) and "
              + "check the model and kernels");
        }
        if (line.startsWith("m-") || line.startsWith("e-")) {
          lines.add(line);
        } else if (!line.isEmpty()) {
          noiseLines++;
        }
      }
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new LinkException(Kind.TIMEOUT, link.name() + ": no m-ready for " + command + "% within "
            + waitMillis + " ms; received " + lines + (pending.length() > 0 ? " and a partial line \""
            + pending + "\"" : "") + "; is tinyprune firmware running on the board?");
      }
      int n = link.read(buf, 0, buf.length, left);
      for (int i = 0; i < n; i++) {
        int c = buf[i] & 0xFF;
        if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
          pending.append((char) c);
        }
      }
    }
  }

  private static Reply check(Reply r) throws LinkException {
    for (String l : r.lines()) {
      if (l.startsWith("e-")) {
        throw new LinkException(Kind.REFUSED, "board refused " + r.command() + "%: " + l);
      }
    }
    return r;
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
   * @throws LinkException on a missing or refused reply
   */
  public long timestampMicros() throws LinkException {
    Reply r = command("timestamp");
    return parseLaps(r).stream().findFirst().orElseThrow(() -> r.missing("m-lap-us-N"));
  }

  /**
   * Loads one input: {@code db load N%}, then {@code db HEX%} chunks until {@code m-load-done}.
   *
   * @param input the model input bytes (int8 as stored)
   * @throws LinkException when the board expects another size or misses bytes
   */
  public void loadInput(byte[] input) throws LinkException {
    Reply start = command("db load " + input.length);
    if (!start.lines().contains("m-[Expecting " + input.length + " bytes]")) {
      throw start.missing("m-[Expecting " + input.length + " bytes]");
    }
    StringBuilder hex = new StringBuilder();
    for (int off = 0; off < input.length; off += DB_CHUNK_BYTES) {
      hex.setLength(0);
      hex.append("db ");
      for (int i = off; i < Math.min(input.length, off + DB_CHUNK_BYTES); i++) {
        hex.append(Character.forDigit((input[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(input[i] & 0xF, 16));
      }
      Reply r = command(hex.toString());
      boolean last = off + DB_CHUNK_BYTES >= input.length;
      if (last && !r.lines().contains("m-load-done")) {
        throw r.missing("m-load-done after " + input.length + " bytes");
      }
    }
  }

  /**
   * {@code infer N W%}: W warm-up runs, then N timed runs between two {@code m-lap-us-} lines.
   *
   * @param runs timed runs (&gt; 0)
   * @param warmups warm-up runs (&ge; 0)
   * @return the window in microseconds and the results
   * @throws LinkException when the board refuses (e.g. no input loaded) or the reply is malformed
   */
  public Inference infer(int runs, int warmups) throws LinkException {
    Reply r = command("infer " + runs + " " + warmups);
    List<Long> laps = parseLaps(r);
    if (laps.size() != 2) {
      throw r.missing("two m-lap-us- lines around the timed window");
    }
    return new Inference(runs, laps.get(1) - laps.get(0), Inference.parseResults(r));
  }

  private static List<Long> parseLaps(Reply r) throws LinkException {
    List<Long> laps = new ArrayList<>();
    for (String v : r.after("m-lap-us-")) {
      try {
        laps.add(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw r.missing("m-lap-us-N with a number (got \"" + v + "\")");
      }
    }
    return laps;
  }
}
