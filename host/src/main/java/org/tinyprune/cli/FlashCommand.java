package org.tinyprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.SerialLinks;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashReport;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.qemu.EmulatedBoard;
import org.tinyprune.link.qemu.QemuLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune flash --board B --firmware ELF [--port P]}: writes firmware through the board's
 * serial bootloader (AN3155), verifies it, starts it and checks that it answers {@code name%}.
 * Without {@code --port} an emulated board is launched for the duration of the command.
 */
@Command(
        name = "flash",
        mixinStandardHelpOptions = true,
        description =
                "Flashes firmware over the serial bootloader (AN3155), verifies every block, "
                        + "starts it and checks that the benchmark server answers. Without --port an emulated "
                        + "board is launched (and ends with the command; use `tinyprune emulate --firmware` to keep it).")
public final class FlashCommand implements Callable<Integer> {
    @Mixin BoardOption board;

    @Option(
            names = "--firmware",
            required = true,
            paramLabel = "ELF",
            description =
                    "Firmware ELF built for the board (e.g. device-runtime/build/<board>/firmware.elf).")
    Path firmware;

    @Mixin PortOption port;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        BoardProfile profile = board.load();
        PrintWriter out = spec.commandLine().getOut();
        FirmwareImage image = null;
        try {
            image = FirmwareImage.fromElf(firmware);
            An3155Flasher.checkFits(image, profile);
        } catch (LinkException e) {
            boolean tooLarge = image != null && An3155Flasher.overflows(image, profile);
            throw new CommandFailure(
                    tooLarge ? ExitCodes.BUDGET : ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        String device =
                port.port() != null
                        ? port.port()
                        : profile.hasSerial() ? profile.getSerial().getDefaultPort() : "";
        if (device.isEmpty() && !profile.hasEmulator()) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "board "
                            + profile.getName()
                            + " is a physical board; "
                            + "pass --port with its serial device (e.g. /dev/ttyACM0)",
                    null);
        }
        if (device.isEmpty()) {
            EmulatedBoard emulated;
            try {
                emulated = QemuLauncher.buildAndLaunch(profile, board.root());
            } catch (LinkException e) {
                throw LinkFailures.ofToolchain(e);
            }
            try (emulated) {
                out.println(
                        "Emulated "
                                + profile.getName()
                                + " running (QEMU pid "
                                + emulated.pid()
                                + ", serial "
                                + emulated.devicePath()
                                + ")");
                flashAndGreet(profile, image, emulated.serial(), out);
            } catch (LinkException e) {
                throw LinkFailures.of(e);
            }
        } else {
            try (SerialLink link = SerialLinks.open(device, baud(profile))) {
                flashAndGreet(profile, image, link, out);
            } catch (LinkException e) {
                throw LinkFailures.of(e);
            }
        }
        return ExitCodes.OK;
    }

    static void flashAndGreet(
            BoardProfile profile, FirmwareImage image, SerialLink link, PrintWriter out)
            throws LinkException {
        PrintWriter err = new PrintWriter(System.err, true);
        FlashReport r =
                new An3155Flasher(
                                link,
                                profile,
                                FlashOptions.defaults(),
                                new ProgressPrinter(err),
                                msg -> err.println("tinyprune: " + msg))
                        .flash(image);
        out.printf(
                "Flashed %d bytes at 0x%08x to %s (bootloader %s, product ID 0x%x): erase %d ms, "
                        + "write %d ms (%.1f KB/s), verify %d ms, total %.2f s, %d retries; started with Go.%n",
                r.bytes(),
                r.address(),
                profile.getName(),
                r.bootloader().versionText(),
                r.bootloader().productId(),
                r.eraseMillis(),
                r.writeMillis(),
                r.writeBytesPerSecond() / 1000,
                r.verifyMillis(),
                r.totalMillis() / 1000.0,
                r.retries());
        link.configure(baud(profile), SerialLink.Parity.NONE);
        BenchmarkClient client = new BenchmarkClient(link, 5000);
        try {
            client.awaitReady(5000);
            out.println("Board answers name%: " + client.name());
        } catch (LinkException e) {
            if (e.kind() == LinkException.Kind.GONE) {
                throw e;
            }
            out.println(
                    "Warning: the firmware did not answer the benchmark protocol after Go ("
                            + e.getMessage()
                            + "); is it a tinyprune firmware for this board?");
        }
        out.flush();
    }

    static int baud(BoardProfile p) {
        return p.hasSerial() && p.getSerial().getBaud() != 0 ? p.getSerial().getBaud() : 115200;
    }
}
