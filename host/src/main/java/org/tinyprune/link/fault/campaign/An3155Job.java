package org.tinyprune.link.fault.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.BootloaderSession;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.fault.BoardReset;
import org.tinyprune.link.qemu.EmulatedBoard;

/**
 * Flashing under faults: each run erases the application region over the clean link, flashes the
 * image with {@link An3155Flasher} (default options) over the faulty link, and, when the flasher
 * reports success, checks over the clean link that the started firmware answers {@code name%}, then
 * resets the board into its bootloader and reads the image region back: any byte that differs, or
 * firmware that does not answer, is a wrong result accepted. A reset fault is QMP {@code
 * system_reset}: the board restarts in its bootloader, code memory kept.
 */
public final class An3155Job implements CampaignJob {
    private static final long ANSWER_MILLIS = 1000;
    private static final long SYNC_MILLIS = 5000;
    private final EmulatedBoard board;
    private final FirmwareImage image;
    private final FlashOptions options;
    private final List<String> log = new ArrayList<>();

    /**
     * Creates the job.
     *
     * @param board the running emulated board (its bootloader resident)
     * @param image a stamped application image for it
     */
    public An3155Job(EmulatedBoard board, FirmwareImage image) {
        this.board = board;
        this.image = image;
        this.options = FlashOptions.defaults();
    }

    @Override
    public String protocol() {
        return "an3155";
    }

    @Override
    public SerialLink link() {
        return board.serial();
    }

    @Override
    public BoardReset reset() {
        return board::reset;
    }

    @Override
    public void prepare() throws LinkException {
        An3155Flasher.checkFits(image, board.profile());
    }

    /** Resets the board into its bootloader, synchronises and erases the application region. */
    @Override
    public void restore() throws LinkException {
        BootloaderSession clean = bootloader();
        clean.eraseAll(true, options.eraseTimeoutMillis());
    }

    private BootloaderSession bootloader() throws LinkException {
        board.reset();
        link().discardInput();
        BootloaderSession clean = new BootloaderSession(link(), ANSWER_MILLIS);
        clean.sync(SYNC_MILLIS);
        return clean;
    }

    @Override
    public Verdict run(SerialLink faulty) throws LinkException {
        log.clear();
        int retries;
        try {
            retries =
                    new An3155Flasher(
                                    faulty, board.profile(), options, FlashProgress.NONE, log::add)
                            .flash(image)
                            .retries();
        } catch (LinkException e) {
            return Verdict.failed(e, link().name());
        }
        String started = answersName();
        if (!started.isEmpty()) {
            return new Verdict(
                    Outcome.WRONG_ACCEPTED, "the flasher reported success but " + started);
        }
        BootloaderSession clean = bootloader();
        byte[] want = image.bytes();
        for (int off = 0; off < want.length; off += BootloaderSession.MAX_BLOCK) {
            int n = Math.min(BootloaderSession.MAX_BLOCK, want.length - off);
            byte[] got = clean.readMemory(image.address() + off, n);
            int bad = Arrays.mismatch(got, 0, n, want, off, off + n);
            if (bad >= 0) {
                return new Verdict(
                        Outcome.WRONG_ACCEPTED,
                        String.format(
                                "the flasher reported success but flash at "
                                        + "0x%08x holds 0x%02x, the image 0x%02x",
                                image.address() + off + bad, got[bad], want[off + bad]));
            }
        }
        return new Verdict(
                Outcome.CORRECT,
                retries
                        + " retries"
                        + (log.isEmpty() ? "" : "; last message: " + log.get(log.size() - 1)));
    }

    /**
     * Returns empty when the started firmware answers {@code name%} on the clean link, else what
     * went wrong. Three tries: a byte the faulty link duplicated after Go's last ACK reaches the
     * firmware as the start of its first command, which it then refuses; that is not a wrong flash.
     */
    private String answersName() {
        BenchmarkClient client = new BenchmarkClient(link(), 2000);
        try {
            client.awaitReady(2000);
        } catch (LinkException e) {
            // the banner may have been cut by a fault; name% below decides
        }
        String last = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                String name = client.name();
                if (name.equals("tinyprune")) {
                    return "";
                }
                last = "the started firmware calls itself " + name;
            } catch (LinkException e) {
                last =
                        "the started firmware does not answer name% on the clean link: "
                                + e.getMessage();
            }
        }
        return last;
    }
}
