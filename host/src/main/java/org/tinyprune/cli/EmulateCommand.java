package org.tinyprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.qemu.EmulatedBoard;
import org.tinyprune.link.qemu.QemuLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune emulate --board qemu-m4 [--firmware ELF]}: runs an emulated board in the
 * foreground and prints its serial device, so any serial tool can talk to it, until Ctrl-C. The
 * device works for tools that open and close it (stm32flash, then a benchmark runner): the board
 * keeps a descriptor on it open ({@link EmulatedBoard#releaseSerial}).
 */
@Command(
        name = "emulate",
        mixinStandardHelpOptions = true,
        description =
                "Starts an emulated board (QEMU with its resident AN3155 bootloader) in the "
                        + "foreground, prints its serial device for other tools (stm32flash, a terminal, a benchmark "
                        + "runner, `tinyprune flash --port`), and runs until interrupted with Ctrl-C.")
public final class EmulateCommand implements Callable<Integer> {
    @Mixin BoardOption board;

    @Option(
            names = "--firmware",
            paramLabel = "ELF",
            description =
                    "Flash this firmware first and start it (otherwise the bootloader waits).")
    Path firmware;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BoardProfile profile = board.load();
        if (!profile.hasEmulator()) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "board "
                            + profile.getName()
                            + " is not emulated; "
                            + "emulated boards: qemu-m4, qemu-m7, qemu-m33 (see `tinyprune boards`)",
                    null);
        }
        PrintWriter out = spec.commandLine().getOut();
        EmulatedBoard emulated;
        try {
            emulated = QemuLauncher.buildAndLaunch(profile, board.root());
        } catch (LinkException e) {
            throw LinkFailures.ofToolchain(e);
        }
        try (emulated) {
            if (firmware != null) {
                FlashCommand.flashAndGreet(
                        profile, FirmwareImage.fromElf(firmware), emulated.serial(), out);
            }
            emulated.releaseSerial();
            out.println(
                    "Emulated "
                            + profile.getName()
                            + " ("
                            + profile.getEmulator().getMachine()
                            + ", QEMU pid "
                            + emulated.pid()
                            + ") is running.");
            out.println("Serial device: " + emulated.devicePath());
            if (firmware == null) {
                out.println(
                        "The AN3155 bootloader is waiting, e.g.: tinyprune flash --board "
                                + profile.getName()
                                + " --port "
                                + emulated.devicePath()
                                + " --firmware ELF");
                out.println(
                        "or with a stock tool: "
                                + stm32flashCommand(
                                        profile, "firmware.bin", emulated.devicePath()));
            } else {
                out.println(
                        "The firmware speaks the MLPerf Tiny benchmark protocol (try name% in a terminal).");
            }
            out.println(
                    "Cycles on this board are QEMU -icount shift=0 instruction counts, and m-lap-us- is "
                            + "board time: those instructions at the profile's "
                            + profile.getClockHz() / 1_000_000.0
                            + " MHz. Press Ctrl-C to stop.");
            out.flush();
            int code = emulated.waitFor();
            throw new CommandFailure(
                    ExitCodes.BOARD,
                    "QEMU ended by itself (exit " + code + "); it said: " + emulated.output(),
                    null);
        } catch (LinkException e) {
            throw LinkFailures.of(e);
        }
    }

    /**
     * The stm32flash command line that identifies the board, writes and verifies an image at the
     * application's address (through the STM32 flash window at 0x08000000, so stm32flash erases its
     * sectors first), and starts it.
     *
     * @param profile an emulated board
     * @param image the image file (the build's {@code firmware.bin})
     * @param device the serial device
     * @return the command, words separated by single spaces
     */
    public static String stm32flashCommand(BoardProfile profile, String image, String device) {
        long app =
                0x0800_0000L
                        + Integer.toUnsignedLong(profile.getFlash().getOrigin())
                        - Integer.toUnsignedLong(profile.getFlashing().getBootloaderOrigin());
        String at = String.format("0x%08x", app);
        return "stm32flash -b 115200 -m 8n1 -w "
                + image
                + " -v -g "
                + at
                + " -S "
                + at
                + " "
                + device;
    }
}
