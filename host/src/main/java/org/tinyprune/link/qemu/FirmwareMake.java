package org.tinyprune.link.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * Runs the device-runtime Makefile ({@code make -C device-runtime BOARD=... OUT=... target}) to
 * build an emulated board's resident bootloader or an application firmware. Make only rebuilds
 * what changed, so calling this before every launch is cheap.
 */
public final class FirmwareMake {
  private static final long TIMEOUT_SECONDS = 300;
  private final Path repoRoot;

  /**
   * Creates a builder for a repository.
   *
   * @param repoRoot the folder holding {@code device-runtime/} and {@code boards/}
   */
  public FirmwareMake(Path repoRoot) {
    this.repoRoot = repoRoot;
  }

  /**
   * Returns the default output folder of a board: {@code device-runtime/build/<board>}.
   *
   * @param board board name
   * @return {@code device-runtime/build/<board>}
   */
  public Path defaultOut(String board) {
    return repoRoot.resolve("device-runtime").resolve("build").resolve(board);
  }

  /**
   * Builds the resident bootloader of an emulated board.
   *
   * @param board board name
   * @param out output folder
   * @return {@code out/bootloader.elf}
   * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
   */
  public Path bootloader(String board, Path out) throws LinkException {
    run(List.of("BOARD=" + board, "OUT=" + out.toAbsolutePath(), "bootloader"));
    return out.resolve("bootloader.elf");
  }

  /**
   * Builds application firmware (benchmark server + model), stamped with its integrity record.
   *
   * @param board board name
   * @param modelDir folder with model.c / model.h, or {@code null} for the fixture model
   * @param out output folder
   * @return {@code out/firmware.elf}
   * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
   */
  public Path firmware(String board, Path modelDir, Path out) throws LinkException {
    return firmware(board, modelDir, out, 0);
  }

  /**
   * Builds application firmware with a given stack reservation.
   *
   * @param board board name
   * @param modelDir folder with model.c / model.h, or {@code null} for the fixture model
   * @param out output folder
   * @param stackBytes stack the linker reserves ({@code STACK_BYTES}), 0 for the linker script's default
   * @return {@code out/firmware.elf}
   * @throws LinkException {@link Kind#INVALID_REQUEST} with make's output when the build fails
   */
  public Path firmware(String board, Path modelDir, Path out, long stackBytes) throws LinkException {
    List<String> args = new ArrayList<>(List.of("BOARD=" + board, "OUT=" + out.toAbsolutePath()));
    if (stackBytes > 0) {
      args.add("STACK_BYTES=" + stackBytes);
    }
    if (modelDir != null) {
      args.add("MODEL_DIR=" + modelDir.toAbsolutePath());
    }
    args.add("firmware");
    run(args);
    return out.resolve("firmware.elf");
  }

  private void run(List<String> args) throws LinkException {
    Path dir = repoRoot.resolve("device-runtime");
    if (!Files.isRegularFile(dir.resolve("Makefile"))) {
      throw new LinkException(Kind.INVALID_REQUEST, dir + "/Makefile not found; run from the tinyprune "
          + "repository or pass -Dtinyprune.root=DIR");
    }
    List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", dir.toString()));
    cmd.addAll(args);
    try {
      Path log = Files.createTempFile("tinyprune-make", ".log");
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new LinkException(Kind.TIMEOUT, String.join(" ", cmd) + " took over " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
          String text = Files.readString(log, StandardCharsets.UTF_8);
          throw new LinkException(Kind.INVALID_REQUEST, String.join(" ", cmd) + " failed (exit "
              + p.exitValue() + "):\n" + tail(text));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new LinkException(Kind.INVALID_REQUEST, "cannot run make: " + e.getMessage()
          + "; install make and gcc-arm-none-eabi (scripts/install-deps.sh)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(Kind.TIMEOUT, "interrupted while building firmware", e);
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 30);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
