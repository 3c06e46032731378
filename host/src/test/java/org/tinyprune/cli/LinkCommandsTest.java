package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.link.JSerialCommLink;
import org.tinyprune.link.an3155.TestElf;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.qemu.FirmwareMake;
import org.tinyprune.link.qemu.QemuLauncher;
import picocli.CommandLine;

/** The boards, flash and emulate commands, registered the way Main registers them. */
class LinkCommandsTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir Path dir;

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void boardsListsEveryProfileWithMemoriesAndCalibration() {
        assertEquals(ExitCodes.OK, run("boards"), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("BOARD"), text);
        assertTrue(
                text.matches(
                        "(?s).*qemu-m4 +cortex-m4\\+fpu +25 MHz +496 KiB +128 KiB +qemu mps2-an386 +20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z, fit [0-9.]+ %, held-out [0-9.]+ %, latency margin 3\\.9 %.*"),
                text);
        assertTrue(text.matches("(?s).*nucleo-f446re .* uncalibrated \\(prior\\).*"), text);
        assertTrue(text.contains("nucleo-l4r5zi"), text);
        assertTrue(text.contains("unverified"), text);
    }

    @Test
    void unknownBoardIsBadInputNamingKnownBoards() throws Exception {
        Path elf = Files.write(dir.resolve("a.elf"), TestElf.build(new long[] {0x4000, 64, 64}));
        assertEquals(
                ExitCodes.BAD_INPUT,
                run("flash", "--board", "qemu-m9", "--firmware", elf.toString()));
        assertTrue(
                err.toString().contains("no board named \"qemu-m9\"; known boards: nucleo-f446re"),
                err.toString());
    }

    @Test
    void firmwareTooLargeIsABudgetFailureBeforeAnythingStarts() throws Exception {
        Path elf =
                Files.write(
                        dir.resolve("big.elf"),
                        TestElf.build(new long[] {0x4000, 600 * 1024, 600 * 1024}));
        assertEquals(
                ExitCodes.BUDGET, run("flash", "--board", "qemu-m4", "--firmware", elf.toString()));
        assertTrue(err.toString().contains("bytes too large"), err.toString());
    }

    @Test
    void missingSerialPortIsABoardFailureSayingWhatToCheck() throws Exception {
        Path elf =
                Files.write(dir.resolve("a.elf"), TestElf.build(new long[] {0x08000000, 64, 64}));
        assertEquals(
                ExitCodes.BOARD,
                run(
                        "flash",
                        "--board",
                        "nucleo-l4r5zi",
                        "--port",
                        "/dev/tinyprune-none",
                        "--firmware",
                        elf.toString()));
        assertTrue(
                err.toString()
                        .contains("serial port /dev/tinyprune-none does not exist; check the path"),
                err.toString());
    }

    @Test
    void flashWithoutPortLaunchesTheEmulatedBoard() throws Exception {
        Assumptions.assumeTrue(
                QemuLauncher.available(), "qemu-system-arm missing: emulated flash skipped");
        Path elf = fixtureFirmware();
        assertEquals(
                ExitCodes.OK,
                run("flash", "--board", "qemu-m4", "--firmware", elf.toString()),
                err.toString());
        assertTrue(out.toString().contains("Board answers name%: tinyprune"), out.toString());
        assertTrue(out.toString().contains("started with Go"), out.toString());
    }

    @Test
    void emulateServesItsPtyUntilInterrupted() throws Exception {
        Assumptions.assumeTrue(
                QemuLauncher.available(), "qemu-system-arm missing: emulate skipped");
        Path elf = fixtureFirmware();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t =
                new Thread(
                        () ->
                                code.set(
                                        run(
                                                "emulate",
                                                "--board",
                                                "qemu-m4",
                                                "--firmware",
                                                elf.toString())));
        t.start();
        String pty = null;
        for (int i = 0; i < 300 && pty == null; i++) {
            Thread.sleep(50);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("Serial device: (\\S+)")
                            .matcher(out.toString());
            pty = m.find() ? m.group(1) : null;
        }
        assertTrue(pty != null, "no serial device printed: " + out + err);
        try (JSerialCommLink link = JSerialCommLink.open(pty, 115200)) {
            assertEquals(
                    "tinyprune",
                    new BenchmarkClient(link, 5000).name(),
                    "another program can use the pty");
        }
        t.interrupt();
        t.join(10_000);
        assertTrue(!t.isAlive(), "emulate ends when interrupted");
    }

    private static Path fixtureFirmware() throws Exception {
        FirmwareMake make = new FirmwareMake(RepositoryRoot.locate());
        return make.firmware(
                "qemu-m4", null, Path.of("target", "firmware", "qemu-m4").toAbsolutePath());
    }
}
