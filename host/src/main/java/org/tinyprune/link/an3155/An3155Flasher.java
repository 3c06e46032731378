package org.tinyprune.link.an3155;

import java.util.Arrays;
import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.MemoryRegion;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.an3155.FlashProgress.Phase;

/**
 * Flashes an application image through an AN3155 bootloader: checks that the image fits the
 * profile's flash before touching the board, enters the bootloader as the profile says
 * ({@code dtr-rts}, {@code manual} or {@code emulated}), synchronises, checks Get ID against the
 * profile's {@code chip_id}, erases with the erase command Get reports, writes blocks of at most
 * 256 bytes, reads every block back, and starts the application with Go. A NACK, timeout or
 * garbage answer is retried after re-synchronising (which also recovers a board that reset
 * mid-transfer); a port that went away fails at once. A verify mismatch restarts the whole
 * erase-write-verify cycle, so an interrupted flash is completed by the next attempt.
 */
public final class An3155Flasher {
  private final SerialLink link;
  private final BoardProfile profile;
  private final FlashOptions options;
  private final FlashProgress progress;
  private final Consumer<String> log;
  private final BootloaderSession session;
  private int retries;

  /**
   * Creates a flasher.
   *
   * @param link open port to the board
   * @param profile the board's profile (flash region, chip ID, reset entry)
   * @param options timeouts and attempts
   * @param progress progress listener
   * @param log receives one-line messages for the user (instructions, retries)
   */
  public An3155Flasher(SerialLink link, BoardProfile profile, FlashOptions options,
      FlashProgress progress, Consumer<String> log) {
    this.link = link;
    this.profile = profile;
    this.options = options;
    this.progress = progress;
    this.log = log;
    this.session = new BootloaderSession(link, options.ackTimeoutMillis());
  }

  /**
   * Returns whether an image starts inside the profile's flash but runs past its end (the model
   * is too big for the board, as opposed to an image linked for another address).
   *
   * @param image the image
   * @param profile the board
   * @return true when the image is too large
   */
  public static boolean overflows(FirmwareImage image, BoardProfile profile) {
    long lo = Integer.toUnsignedLong(profile.getFlash().getOrigin());
    long hi = lo + Integer.toUnsignedLong(profile.getFlash().getLength());
    return image.address() >= lo && image.address() < hi && image.end() > hi;
  }

  /**
   * Refuses an image that does not lie inside the profile's application flash. Touches nothing.
   *
   * @param image the image
   * @param profile the board
   * @throws LinkException {@link Kind#INVALID_REQUEST} naming both ranges and the overflow
   */
  public static void checkFits(FirmwareImage image, BoardProfile profile) throws LinkException {
    MemoryRegion f = profile.getFlash();
    long lo = Integer.toUnsignedLong(f.getOrigin());
    long hi = lo + Integer.toUnsignedLong(f.getLength());
    if (image.address() < lo || image.end() > hi) {
      String why = overflows(image, profile)
          ? (image.end() - hi) + " bytes too large; prune the model further or pick a board with more flash"
          : "it must be linked at flash.origin " + BootloaderSession.hex(lo);
      throw new LinkException(Kind.INVALID_REQUEST, image.source() + " occupies "
          + BootloaderSession.hex(image.address()) + ".." + BootloaderSession.hex(image.end())
          + " but board " + profile.getName() + " offers " + BootloaderSession.hex(lo) + ".."
          + BootloaderSession.hex(hi) + " (" + (hi - lo) + " bytes): " + why);
    }
  }

  /**
   * Runs the whole procedure.
   *
   * @param image the application, linked at the profile's flash origin
   * @return timings, retries and what the bootloader reported
   * @throws LinkException when the image does not fit, the board is the wrong one, or it keeps
   *     failing after the configured attempts
   */
  public FlashReport flash(FirmwareImage image) throws LinkException {
    checkFits(image, profile);
    if (options.checkIntegrity() && profile.hasEmulator() && !image.integrityProblem().isEmpty()) {
      throw new LinkException(Kind.INVALID_REQUEST, image.source() + ": " + image.integrityProblem());
    }
    retries = 0;
    long t0 = System.nanoTime();
    new BootloaderEntry(link, profile, log).enter();
    progress.update(Phase.CONNECT, 0, 0);
    session.sync(options.syncMillis(profile));
    BootloaderInfo info = identify();
    long[] times = new long[3];
    for (int pass = 1; ; pass++) {
      times[0] += timed(() -> erase(info));
      times[1] += timed(() -> write(image));
      long t = System.nanoTime();
      long bad = verify(image);
      times[2] += (System.nanoTime() - t) / 1_000_000L;
      if (bad < 0) {
        break;
      }
      if (pass >= options.attempts()) {
        throw new LinkException(Kind.PROTOCOL, link.name() + ": read-back of "
            + BootloaderSession.hex(bad) + " differs from the image after " + pass
            + " passes; the flash may be worn or write-protected");
      }
      log.accept("verify found a difference at " + BootloaderSession.hex(bad)
          + "; erasing and writing again");
    }
    progress.update(Phase.GO, 0, 0);
    retry("Go", () -> {
      session.go(image.address());
      return null;
    });
    return new FlashReport(info, image.address(), image.bytes().length, retries, times[0], times[1],
        times[2], (System.nanoTime() - t0) / 1_000_000L);
  }

  private BootloaderInfo identify() throws LinkException {
    java.util.List<Integer> get = retry("Get", session::get);
    int id = retry("Get ID", session::getId);
    BootloaderInfo info = new BootloaderInfo(get.get(0), get.subList(1, get.size()), id);
    if (id != profile.getFlashing().getChipId()) {
      throw new LinkException(Kind.INVALID_REQUEST, link.name() + " answers product ID 0x"
          + Integer.toHexString(id) + " but board " + profile.getName() + " expects 0x"
          + Integer.toHexString(profile.getFlashing().getChipId())
          + "; check --board and --port (nothing was written)");
    }
    return info;
  }

  private void erase(BootloaderInfo info) throws LinkException {
    boolean extended = info.supports(BootloaderSession.EXTENDED_ERASE);
    if (!extended && !info.supports(BootloaderSession.ERASE)) {
      throw new LinkException(Kind.PROTOCOL, link.name() + ": bootloader lists neither Erase (0x43) "
          + "nor Extended Erase (0x44) in " + info.commands());
    }
    progress.update(Phase.ERASE, 0, 0);
    retry("erase", () -> {
      session.eraseAll(extended, options.eraseTimeoutMillis());
      return null;
    });
  }

  private void write(FirmwareImage image) throws LinkException {
    byte[] data = image.bytes();
    for (int off = 0; off < data.length; off += BootloaderSession.MAX_BLOCK) {
      int n = Math.min(BootloaderSession.MAX_BLOCK, data.length - off);
      byte[] block = Arrays.copyOfRange(data, off, off + ((n + 3) & ~3));
      if (block.length > n) {
        Arrays.fill(block, n, block.length, (byte) 0xFF);
      }
      long at = image.address() + off;
      retry("write at " + BootloaderSession.hex(at), () -> {
        session.writeMemory(at, block, options.ackTimeoutMillis());
        return null;
      });
      progress.update(Phase.WRITE, off + n, data.length);
    }
  }

  /**
   * Returns the first differing address, or -1 when everything matches.
   *
   * @return the first differing address, or -1 when everything matches
   */
  private long verify(FirmwareImage image) throws LinkException {
    byte[] data = image.bytes();
    for (int off = 0; off < data.length; off += BootloaderSession.MAX_BLOCK) {
      int n = Math.min(BootloaderSession.MAX_BLOCK, data.length - off);
      long at = image.address() + off;
      byte[] got = retry("read at " + BootloaderSession.hex(at), () -> session.readMemory(at, n));
      int mismatch = Arrays.mismatch(got, 0, n, data, off, off + n);
      if (mismatch >= 0) {
        return at + mismatch;
      }
      progress.update(Phase.VERIFY, off + n, data.length);
    }
    return -1;
  }

  private interface Step<T> {
    T run() throws LinkException;
  }

  private <T> T retry(String what, Step<T> step) throws LinkException {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.run();
      } catch (LinkException e) {
        if (e.kind() == Kind.GONE || e.kind() == Kind.INVALID_REQUEST || attempt >= options.attempts()) {
          throw attempt > 1 ? new LinkException(e.kind(), e.getMessage() + " (after " + attempt
              + " attempts)", e) : e;
        }
        retries++;
        log.accept(what + " failed (" + e.getMessage() + "); re-synchronising, attempt "
            + (attempt + 1) + " of " + options.attempts());
        session.sync(options.resyncMillis());
      }
    }
  }

  private interface Action {
    void run() throws LinkException;
  }

  private long timed(Action step) throws LinkException {
    long t = System.nanoTime();
    step.run();
    return (System.nanoTime() - t) / 1_000_000L;
  }
}
