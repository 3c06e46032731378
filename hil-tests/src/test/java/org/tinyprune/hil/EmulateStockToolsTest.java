package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.cli.EmulateCommand;
import org.tinyprune.link.JSerialCommLink;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.mlperf.RunnerDut;
import org.tinyprune.link.qemu.QemuLauncher;
import picocli.CommandLine;

/**
 * {@code tinyprune emulate} serves stock tools: with nothing else holding the printed device,
 * Debian's stm32flash, run exactly as the README shows, identifies the board, writes, verifies and
 * starts the firmware, and the benchmark server then answers a second program on the same device.
 */
class EmulateStockToolsTest {
    private static final Pattern DEVICE = Pattern.compile("Serial device: (\\S+)");

    @Test
    void stm32flashAsTheReadmeShowsThenTheBenchmarkServerAnswers(@TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(
                BoardUnderTest.port() == null, "a real board is named; this runs the emulator");
        Assumptions.assumeTrue(QemuLauncher.available(), "no qemu-system-arm");
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(
                FirmwareBuild.onPath("stm32flash"), "no stm32flash (scripts/install-deps.sh)");
        BoardProfile profile = BoardUnderTest.profile();
        Assumptions.assumeTrue(
                profile.getName().equals("qemu-m4"), "the README's command is qemu-m4's");
        Firmware fw = BoardUnderTest.firmware(null, tmp.resolve("fixture"));

        String readme = Files.readString(BoardUnderTest.root().resolve("README.md"));
        Matcher shown = Pattern.compile("(?m)^stm32flash .*$").matcher(readme);
        assertTrue(shown.find(), "README.md shows no stm32flash command");
        String command = shown.group();

        StringWriter printed = new StringWriter();
        Thread emulate =
                new Thread(
                        () -> {
                            CommandLine cli = new CommandLine(new EmulateCommand());
                            cli.setOut(new PrintWriter(printed, true));
                            cli.setErr(new PrintWriter(printed, true));
                            cli.execute("--board", profile.getName());
                        },
                        "tinyprune-emulate");
        emulate.start();
        try {
            String device = awaitDevice(printed);
            assertTrue(
                    printed.toString()
                            .contains(
                                    EmulateCommand.stm32flashCommand(
                                            profile, "firmware.bin", device)),
                    "emulate prints the README's command for its device: " + printed);
            assertEquals(
                    command,
                    EmulateCommand.stm32flashCommand(profile, "firmware.bin", "/dev/pts/N"),
                    "the README shows the command emulate prints");

            List<String> argv = new ArrayList<>();
            for (String word : command.split(" ")) {
                argv.add(
                        word.equals("firmware.bin")
                                ? fw.elf().resolveSibling("firmware.bin").toString()
                                : word.equals("/dev/pts/N") ? device : word);
            }
            // On a machine loaded past its cores QEMU can answer later than stm32flash waits for an
            // ACK
            // ("Failed to read ACK byte"); the same command is then run once more, as a user would.
            String out = "";
            int exit = -1;
            for (int attempt = 1; attempt <= 2 && exit != 0; attempt++) {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stm32flash did not finish");
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                exit = p.exitValue();
                if (exit != 0) {
                    System.out.println(
                            "stm32flash attempt "
                                    + attempt
                                    + " failed (exit "
                                    + exit
                                    + "):\n"
                                    + out);
                }
            }
            assertEquals(0, exit, out);
            String chip = String.format("Device ID    : 0x%04x", profile.getFlashing().getChipId());
            for (String step :
                    List.of(
                            chip,
                            "Wrote and verified address",
                            "(100.00%) Done.",
                            "Starting execution at address 0x08004000... done.")) {
                assertTrue(
                        out.contains(step), "stm32flash did not report \"" + step + "\":\n" + out);
            }

            try (JSerialCommLink link = JSerialCommLink.open(device, 115200)) {
                BenchmarkClient client = new BenchmarkClient(link, 5000);
                // the boot banner printed after stm32flash's Go may still wait in the held pty (the
                // client
                // then sees a restart and asks again)
                assertEquals("tinyprune", client.restartable(client::name));
                assertEquals(
                        fw.sizes().flashImageBytes(),
                        client.command("tp-memory").number("tp-flash-image-bytes"),
                        "the image stm32flash wrote runs");
                assertEquals("ic01", new RunnerDut(link, 5000).model());
            }
        } finally {
            emulate.interrupt();
            emulate.join(10_000);
        }
        assertTrue(!emulate.isAlive(), "emulate ended when interrupted: " + printed);
    }

    private static String awaitDevice(StringWriter printed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = DEVICE.matcher(printed.toString());
            if (m.find() && printed.toString().contains("Press Ctrl-C")) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("emulate printed no serial device: " + printed);
    }
}
