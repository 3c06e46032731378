package org.tinyprune.link.an3155;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.MemoryRegion;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.an3155.FlashProgress.Phase;

/**
 * Flashes an application image through an AN3155 bootloader: checks that the image fits the
 * profile's flash before touching the board, enters the bootloader as the profile says ({@code
 * dtr-rts}, {@code manual} or {@code emulated}), synchronises, checks Get ID against the profile's
 * {@code chip_id}, erases with the erase command Get reports, writes blocks of at most 256 bytes,
 * reads every block back, and starts the application with Go. A NACK, timeout or garbage answer is
 * retried after re-synchronising (which also recovers a board that reset mid-transfer), except that
 * a Go whose answer went wrong counts as done when the board then talks by itself (the started
 * application); a port that went away fails at once. A block whose read-back differs is read again:
 * a re-read that matches means the line corrupted the first read; re-reads that agree on wrong
 * content mean the flash holds it, and only such blocks are written again (if that does not fix
 * them, the whole erase-write-verify cycle restarts); re-reads that disagree with each other fail
 * with an error that blames the serial link, not the flash.
 */
public final class An3155Flasher {
    /** Reads of a block whose read-back differs, the first included, before judging the flash. */
    static final int REREADS = 3;

    /** Most ACKs read while listening for a started application after Go's answer went wrong. */
    static final int GO_LISTEN_BYTES = 8;

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
    public An3155Flasher(
            SerialLink link,
            BoardProfile profile,
            FlashOptions options,
            FlashProgress progress,
            Consumer<String> log) {
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
            String why =
                    overflows(image, profile)
                            ? (image.end() - hi)
                                    + " bytes too large; prune the model further or pick a board with more flash"
                            : "it must be linked at flash.origin " + BootloaderSession.hex(lo);
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    image.source()
                            + " occupies "
                            + BootloaderSession.hex(image.address())
                            + ".."
                            + BootloaderSession.hex(image.end())
                            + " but board "
                            + profile.getName()
                            + " offers "
                            + BootloaderSession.hex(lo)
                            + ".."
                            + BootloaderSession.hex(hi)
                            + " ("
                            + (hi - lo)
                            + " bytes): "
                            + why);
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
        if (options.checkIntegrity()
                && profile.hasEmulator()
                && !image.integrityProblem().isEmpty()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST, image.source() + ": " + image.integrityProblem());
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
            List<Integer> wrong = verify(image, allBlocks(image));
            times[2] += (System.nanoTime() - t) / 1_000_000L;
            if (!wrong.isEmpty()) {
                log.accept(
                        "verify: "
                                + describe(image, wrong)
                                + " read back the same wrong content "
                                + REREADS
                                + " times; writing "
                                + (wrong.size() == 1 ? "that block" : "those blocks")
                                + " again");
                t = System.nanoTime();
                wrong = rewrite(image, wrong);
                times[1] += (System.nanoTime() - t) / 1_000_000L;
            }
            if (wrong.isEmpty()) {
                break;
            }
            if (pass >= options.attempts()) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        link.name()
                                + ": read-back of "
                                + describe(image, wrong)
                                + " stays different from the image after "
                                + pass
                                + " erase-write-verify passes although repeated reads agree; the flash may be worn"
                                + " or write-protected");
            }
            log.accept(
                    "verify: "
                            + describe(image, wrong)
                            + " still wrong after writing again;"
                            + " erasing and writing everything again");
        }
        progress.update(Phase.GO, 0, 0);
        go(image.address());
        return new FlashReport(
                info,
                image.address(),
                image.bytes().length,
                retries,
                times[0],
                times[1],
                times[2],
                (System.nanoTime() - t0) / 1_000_000L);
    }

    private BootloaderInfo identify() throws LinkException {
        List<Integer> get = retry("Get", session::get);
        int id = retry("Get ID", session::getId);
        BootloaderInfo info = new BootloaderInfo(get.get(0), get.subList(1, get.size()), id);
        if (id != profile.getFlashing().getChipId()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    link.name()
                            + " answers product ID 0x"
                            + Integer.toHexString(id)
                            + " but board "
                            + profile.getName()
                            + " expects 0x"
                            + Integer.toHexString(profile.getFlashing().getChipId())
                            + "; check --board and --port (nothing was written)");
        }
        return info;
    }

    private void erase(BootloaderInfo info) throws LinkException {
        boolean extended = info.supports(BootloaderSession.EXTENDED_ERASE);
        if (!extended && !info.supports(BootloaderSession.ERASE)) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    link.name()
                            + ": bootloader lists neither Erase (0x43) "
                            + "nor Extended Erase (0x44) in "
                            + info.commands());
        }
        progress.update(Phase.ERASE, 0, 0);
        retry(
                "erase",
                () -> {
                    session.eraseAll(extended, options.eraseTimeoutMillis());
                    return null;
                });
    }

    private void write(FirmwareImage image) throws LinkException {
        byte[] data = image.bytes();
        for (int off = 0; off < data.length; off += BootloaderSession.MAX_BLOCK) {
            int n = Math.min(BootloaderSession.MAX_BLOCK, data.length - off);
            byte[] block = padded(data, off);
            long at = image.address() + off;
            retry(
                    "write at " + BootloaderSession.hex(at),
                    () -> {
                        session.writeMemory(at, block, options.ackTimeoutMillis());
                        return null;
                    });
            progress.update(Phase.WRITE, off + n, data.length);
        }
    }

    private static List<Integer> allBlocks(FirmwareImage image) {
        List<Integer> all = new ArrayList<>();
        for (int off = 0; off < image.bytes().length; off += BootloaderSession.MAX_BLOCK) {
            all.add(off);
        }
        return all;
    }

    private static String describe(FirmwareImage image, List<Integer> blocks) {
        String first = BootloaderSession.hex(image.address() + blocks.get(0));
        return blocks.size() == 1
                ? "the block at " + first
                : blocks.size() + " blocks (the first at " + first + ")";
    }

    /**
     * Writes the given blocks again in place (no erase) and verifies them. Returns the blocks that
     * are still wrong, or all of them when the bootloader refuses the write (flash that must be
     * erased before it can be programmed again): the caller then erases and writes everything.
     */
    private List<Integer> rewrite(FirmwareImage image, List<Integer> blocks) throws LinkException {
        for (int off : blocks) {
            long at = image.address() + off;
            try {
                session.writeMemory(at, padded(image.bytes(), off), options.ackTimeoutMillis());
            } catch (LinkException e) {
                if (e.kind() == Kind.GONE) {
                    throw e;
                }
                log.accept(
                        "writing "
                                + BootloaderSession.hex(at)
                                + " again failed ("
                                + e.getMessage()
                                + ")");
                session.sync(options.resyncMillis());
                return blocks;
            }
        }
        return verify(image, blocks);
    }

    /**
     * Reads the given blocks back. A block that differs from the image is read again up to {@link
     * #REREADS} times: if a re-read matches, the first read was corrupted on its way to the host;
     * if the re-reads agree on the same wrong content, the flash holds it and the block is
     * returned; if they disagree with each other, the line is corrupting data and the flash cannot
     * be judged.
     *
     * @return offsets of the blocks the flash really holds wrong, in order; empty when all match
     * @throws LinkException {@link Kind#PROTOCOL} naming the port when re-reads disagree
     */
    private List<Integer> verify(FirmwareImage image, List<Integer> blocks) throws LinkException {
        byte[] data = image.bytes();
        List<Integer> wrong = new ArrayList<>();
        for (int off : blocks) {
            int n = Math.min(BootloaderSession.MAX_BLOCK, data.length - off);
            long at = image.address() + off;
            byte[] first = read(at, n);
            if (Arrays.mismatch(first, 0, n, data, off, off + n) >= 0) {
                int reads = 1;
                boolean agree = true;
                boolean matched = false;
                while (reads < REREADS && !matched) {
                    byte[] again = read(at, n);
                    reads++;
                    matched = Arrays.mismatch(again, 0, n, data, off, off + n) < 0;
                    agree &= Arrays.equals(again, first);
                }
                if (matched) {
                    retries++;
                    log.accept(
                            "verify: read-back of "
                                    + BootloaderSession.hex(at)
                                    + " arrived corrupted once and"
                                    + " matched when read again; "
                                    + link.name()
                                    + " is corrupting data from the board");
                } else if (agree) {
                    wrong.add(off);
                } else {
                    int bad = Arrays.mismatch(first, 0, n, data, off, off + n);
                    throw new LinkException(
                            Kind.PROTOCOL,
                            link.name()
                                    + ": "
                                    + reads
                                    + " read-backs of the block at "
                                    + BootloaderSession.hex(at)
                                    + " disagree with each other (first difference from the image at "
                                    + BootloaderSession.hex(at + bad)
                                    + "); the serial link on "
                                    + link.name()
                                    + " is corrupting data from the board, not the flash: check the cable, ground and baud rate");
                }
            }
            progress.update(Phase.VERIFY, off + n, data.length);
        }
        return wrong;
    }

    /**
     * Go, retried like the other commands, with one difference: once Go's answer went missing or
     * arrived garbled, the bootloader may already have jumped to the image (it jumps right after
     * its last ACK), and then re-synchronising cannot work. So before retrying, the flasher listens
     * without sending anything. The bootloader never talks unprompted and answers only ACK or NACK
     * here, so a byte that is neither comes from the started application and the flash is done. A
     * late ACK proves nothing (it may be the command's, with the bootloader still waiting for the
     * address), so listening goes on past ACKs. Reading stops at the application's first byte, so
     * the rest of its banner is left for its client.
     */
    private void go(long address) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                session.go(address);
                return;
            } catch (LinkException e) {
                if (e.kind() == Kind.GONE || e.kind() == Kind.INVALID_REQUEST) {
                    throw e;
                }
                if (e.kind() != Kind.REFUSED && startedAnyway()) {
                    retries++;
                    log.accept(
                            "Go failed ("
                                    + e.getMessage()
                                    + ") but the board then talked by itself: the verified "
                                    + "image at "
                                    + BootloaderSession.hex(address)
                                    + " has started");
                    return;
                }
                if (attempt >= options.attempts()) {
                    throw attempt > 1
                            ? new LinkException(
                                    e.kind(),
                                    e.getMessage() + " (after " + attempt + " attempts)",
                                    e)
                            : e;
                }
                retries++;
                log.accept(
                        "Go failed ("
                                + e.getMessage()
                                + "); re-synchronising, attempt "
                                + (attempt + 1)
                                + " of "
                                + options.attempts());
                session.sync(options.resyncMillis());
            }
        }
    }

    /**
     * Listens without sending: true when a byte other than ACK and NACK arrives before the line has
     * been quiet for an answer timeout; false at silence or NACK.
     */
    private boolean startedAnyway() throws LinkException {
        byte[] one = new byte[1];
        for (int n = 0; n < GO_LISTEN_BYTES; n++) {
            if (link.read(one, 0, 1, options.ackTimeoutMillis()) == 0) {
                return false;
            }
            int b = one[0] & 0xFF;
            if (b == BootloaderSession.NACK) {
                return false;
            }
            if (b != BootloaderSession.ACK) {
                return true;
            }
        }
        return false;
    }

    private byte[] read(long at, int n) throws LinkException {
        return retry("read at " + BootloaderSession.hex(at), () -> session.readMemory(at, n));
    }

    /** One block of the image from {@code off}, padded with 0xFF to a multiple of 4 bytes. */
    private static byte[] padded(byte[] data, int off) {
        int n = Math.min(BootloaderSession.MAX_BLOCK, data.length - off);
        byte[] block = Arrays.copyOfRange(data, off, off + ((n + 3) & ~3));
        if (block.length > n) {
            Arrays.fill(block, n, block.length, (byte) 0xFF);
        }
        return block;
    }

    private interface Step<T> {
        T run() throws LinkException;
    }

    private <T> T retry(String what, Step<T> step) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (LinkException e) {
                if (e.kind() == Kind.GONE
                        || e.kind() == Kind.INVALID_REQUEST
                        || attempt >= options.attempts()) {
                    throw attempt > 1
                            ? new LinkException(
                                    e.kind(),
                                    e.getMessage() + " (after " + attempt + " attempts)",
                                    e)
                            : e;
                }
                retries++;
                log.accept(
                        what
                                + " failed ("
                                + e.getMessage()
                                + "); re-synchronising, attempt "
                                + (attempt + 1)
                                + " of "
                                + options.attempts());
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
