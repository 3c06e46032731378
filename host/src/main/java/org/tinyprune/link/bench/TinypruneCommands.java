package org.tinyprune.link.bench;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * tinyprune's benchmark-protocol extensions (see {@code device-runtime/server/README.md}):
 * identity, raw cycles of the last timed window, per-layer cycles, memory, raw int8 output.
 * Replies are {@code m-tp-KEY-[VALUE]} lines.
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
    return new DeviceIdentity(r.value("tp-board"), r.value("tp-core"), r.number("tp-clock-hz"),
        r.number("tp-emulated") != 0, r.value("tp-timer"), r.value("tp-cycle-unit"),
        r.number("tp-cycle-resolution"), r.value("tp-model-hash"), r.number("tp-input-bytes"),
        r.number("tp-output-bytes"), r.number("tp-layers"));
  }

  /**
   * {@code tp-memory%}.
   *
   * @return static RAM, arena, stack and image sizes
   * @throws LinkException on a refused or malformed reply
   */
  public DeviceMemory memory() throws LinkException {
    Reply r = client.command("tp-memory");
    return new DeviceMemory(r.number("tp-data-bytes"), r.number("tp-bss-bytes"),
        r.number("tp-static-ram-bytes"), r.number("tp-arena-bytes"), r.number("tp-stack-size-bytes"),
        r.number("tp-stack-used-bytes"), r.number("tp-flash-image-bytes"));
  }

  /**
   * {@code tp-window%}: the raw cycles of the last {@code infer} window.
   *
   * @return total cycles of the window (divide by runs for one run)
   * @throws LinkException when no window was run yet, or on a malformed reply
   */
  public long windowCycles() throws LinkException {
    return client.command("tp-window").number("tp-window-cycles");
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
      if (f.size() != 3) {
        throw r.missing("m-tp-layer-[index]-[name]-[cycles] (got " + f + ")");
      }
      try {
        out.add(new LayerCycles(Integer.parseInt(f.get(0)), f.get(1), Long.parseLong(f.get(2))));
      } catch (NumberFormatException e) {
        throw r.missing("m-tp-layer-[index]-[name]-[cycles] with numbers (got " + f + ")");
      }
    }
    if (out.isEmpty()) {
      throw r.missing("m-tp-layer-[...] lines");
    }
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

  private static byte[] hex(Reply r, String text) throws LinkException {
    if (text.length() % 2 != 0) {
      throw new LinkException(Kind.PROTOCOL, "m-tp-output-[" + text + "] has an odd number of hex digits");
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
