package org.tinyprune.link.session;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.SerialLinks;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.an3155.FlashReport;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.bench.TinypruneCommands;
import org.tinyprune.link.qemu.EmulatedBoard;
import org.tinyprune.link.qemu.QemuLauncher;

/**
 * One open board: an emulated board (QEMU with its resident bootloader, launched by {@link
 * QemuLauncher}) or a real one behind a serial port.
 *
 * <p>Life cycle: {@link #open} → {@link #flash} (bootloader, AN3155: erase, write, verify, Go; then
 * waits for the benchmark server's boot banner) → {@link #client()} / {@link #tinyprune()} any
 * number of times → {@link #flash} again (an emulated board is reset into its bootloader first) →
 * {@link #close()}, which ends QEMU or releases the port. Not thread-safe.
 */
public final class BoardSession implements AutoCloseable {
    /** How long the benchmark server may take to print its boot banner after Go. */
    public static final long BOOT_MILLIS = 5000;

    /** Default deadline of one benchmark command (inference of a small model included). */
    public static final long COMMAND_MILLIS = 20_000;

    /** Quiet time an interrupted transfer needs before the bootloader accepts a new sync. */
    static final long BOOTLOADER_QUIET_MILLIS = 1500;

    private final BoardProfile profile;
    private final EmulatedBoard emulated;
    private final SerialLink link;
    private BenchmarkClient client;
    private boolean applicationRunning;
    private boolean used;

    private BoardSession(BoardProfile profile, EmulatedBoard emulated, SerialLink link) {
        this.profile = profile;
        this.emulated = emulated;
        this.link = link;
    }

    /**
     * Opens a board. With no port, the profile must describe an emulated board: its bootloader is
     * built with the device-runtime Makefile and QEMU is launched (halted until the pty is open).
     *
     * @param profile the board's profile
     * @param port serial device of a real board (e.g. {@code /dev/ttyACM0}) or a port exported over
     *     RFC 2217 ({@code rfc2217://HOST:PORT}); null or empty for the emulated board, or for the
     *     profile's {@code serial.default_port}
     * @param repoRoot the tinyprune repository (for building the emulated board's bootloader)
     * @return the open session
     * @throws LinkException {@link Kind#INVALID_REQUEST} when a real board has no port, or the
     *     bootloader build or emulator launch fails; {@link Kind#GONE} when the port cannot be
     *     opened
     */
    public static BoardSession open(BoardProfile profile, String port, Path repoRoot)
            throws LinkException {
        String device =
                port != null && !port.isEmpty()
                        ? port
                        : profile.hasSerial() ? profile.getSerial().getDefaultPort() : "";
        if (!device.isEmpty()) {
            return new BoardSession(profile, null, SerialLinks.open(device, baud(profile)));
        }
        if (!profile.hasEmulator()) {
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    "board "
                            + profile.getName()
                            + " is a physical "
                            + "board; pass its serial device (--port /dev/ttyACM0 or -Dtinyprune.port=/dev/ttyACM0)");
        }
        EmulatedBoard board = QemuLauncher.buildAndLaunch(profile, repoRoot);
        return new BoardSession(profile, board, board.serial());
    }

    /** Returns the board's profile. */
    public BoardProfile profile() {
        return profile;
    }

    /** Returns whether the board is emulated (cycles are then instruction counts). */
    public boolean isEmulated() {
        return emulated != null;
    }

    /** Returns the emulated board, when there is one (pty path, pid, reset). */
    public Optional<EmulatedBoard> emulator() {
        return Optional.ofNullable(emulated);
    }

    /** Returns the serial link (the bootloader and the benchmark server share it). */
    public SerialLink link() {
        return link;
    }

    /** Returns the port name for messages, e.g. {@code /dev/pts/3}. */
    public String portName() {
        return link.name();
    }

    /**
     * Flashes an ELF and starts it (see {@link #flash(FirmwareImage, FlashOptions, FlashProgress,
     * Consumer)}) with default options and no progress output.
     *
     * @param elf firmware ELF built for this board
     * @return what the flash did
     * @throws LinkException as the full form
     */
    public FlashReport flash(Path elf) throws LinkException {
        return flash(
                FirmwareImage.fromElf(elf), FlashOptions.defaults(), FlashProgress.NONE, msg -> {});
    }

    /**
     * Puts the board into its bootloader, flashes the image (erase, write, verify, Go), and waits
     * for the benchmark server's boot banner; {@link #client()} is usable afterwards.
     *
     * @param image the application image, linked at the profile's flash origin
     * @param options timeouts and attempts
     * @param progress progress listener
     * @param log one-line messages for the user (retries, instructions)
     * @return what the flash did
     * @throws LinkException when the image does not fit, the flash fails after its retries, or the
     *     started firmware does not print its banner ({@link Kind#TIMEOUT})
     */
    public FlashReport flash(
            FirmwareImage image, FlashOptions options, FlashProgress progress, Consumer<String> log)
            throws LinkException {
        if (used) {
            enterBootloader();
        }
        used = true;
        FlashReport report = new An3155Flasher(link, profile, options, progress, log).flash(image);
        applicationRunning = true;
        link.configure(baud(profile), SerialLink.Parity.NONE);
        client = new BenchmarkClient(link, COMMAND_MILLIS);
        client.awaitReady(BOOT_MILLIS);
        return report;
    }

    /**
     * Makes sure the next sync reaches a bootloader: an emulated board that runs an application is
     * reset, and the line is kept quiet long enough for the bootloader to abandon a half-received
     * command (e.g. after an interrupted transfer). Real boards are entered by the flasher as the
     * profile says. {@link #flash} calls this itself when the line was used since the last call.
     *
     * @throws LinkException when QEMU does not answer the reset
     */
    public void enterBootloader() throws LinkException {
        client = null;
        if (emulated != null) {
            if (applicationRunning) {
                emulated.reset();
                applicationRunning = false;
            }
            quiet(BOOTLOADER_QUIET_MILLIS);
            link.discardInput();
        }
        used = false;
    }

    /**
     * Returns the benchmark client of the firmware started by the last {@link #flash}.
     *
     * @return the client
     * @throws IllegalStateException when no firmware was started in this session
     */
    public BenchmarkClient client() {
        if (client == null) {
            throw new IllegalStateException(
                    "no firmware is running on " + profile.getName() + "; call flash(...) first");
        }
        return client;
    }

    /** Returns tinyprune's protocol extensions on {@link #client()}. */
    public TinypruneCommands tinyprune() {
        return new TinypruneCommands(client());
    }

    /** Ends QEMU (emulated board) or closes the port (real board). */
    @Override
    public void close() {
        client = null;
        if (emulated != null) {
            emulated.close();
        } else {
            link.close();
        }
    }

    /**
     * Returns the serial speed of the benchmark server: the profile's {@code serial.baud}, else
     * 115200.
     *
     * @param p the board
     * @return bits per second
     */
    public static int baud(BoardProfile p) {
        return p.hasSerial() && p.getSerial().getBaud() != 0 ? p.getSerial().getBaud() : 115200;
    }

    private static void quiet(long millis) throws LinkException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(
                    Kind.TIMEOUT, "interrupted while waiting for the bootloader", e);
        }
    }
}
