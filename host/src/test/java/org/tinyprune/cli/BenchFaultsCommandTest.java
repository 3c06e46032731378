package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option checks of {@code tinyprune bench faults}, all before any build or emulator starts. */
class BenchFaultsCommandTest {
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void benchListsFaults() {
        CommandLine.ParseResult r =
                new CommandLine(new BenchCommand())
                        .parseArgs(
                                "faults",
                                "--protocol",
                                "an3155",
                                "--faults",
                                "1000",
                                "--seed",
                                "7");
        BenchFaultsCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(BenchFaultsCommand.Protocol.an3155, c.protocol);
        assertEquals(1000, c.faults);
        assertEquals(7, c.seed);
        assertEquals("qemu-m4", c.board);
        assertEquals(3, c.maxPerRun);
        assertEquals(1500, c.maxDelay);
    }

    @Test
    void unknownProtocolIsAUsageError() {
        assertEquals(
                ExitCodes.USAGE,
                run("bench", "faults", "--protocol", "xmodem", "--faults", "5", "--seed", "1"));
        assertTrue(err.toString().contains("--protocol"), err.toString());
    }

    @Test
    void zeroFaultsIsAUsageErrorNamingTheFlag(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "bench",
                        "faults",
                        "--protocol",
                        "benchmark",
                        "--faults",
                        "0",
                        "--seed",
                        "1",
                        "--out",
                        out.toString()));
        assertTrue(err.toString().contains("--faults 0 must be at least 1"), err.toString());
        assertFalse(Files.exists(out), "nothing created");
    }

    @Test
    void perRunLimitAndDelayAreChecked() {
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "bench",
                        "faults",
                        "--protocol",
                        "an3155",
                        "--faults",
                        "5",
                        "--seed",
                        "1",
                        "--max-faults-per-run",
                        "0"));
        assertTrue(err.toString().contains("--max-faults-per-run 0"), err.toString());
    }

    @Test
    void physicalBoardIsRefusedBeforeAnythingStarts(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "bench",
                        "faults",
                        "--protocol",
                        "an3155",
                        "--faults",
                        "5",
                        "--seed",
                        "1",
                        "--board",
                        "nucleo-f446re",
                        "--out",
                        out.toString()));
        assertTrue(
                err.toString().contains("--board nucleo-f446re is a physical board"),
                err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownBoardIsBadInput() {
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "bench",
                        "faults",
                        "--protocol",
                        "an3155",
                        "--faults",
                        "5",
                        "--seed",
                        "1",
                        "--board",
                        "no-such-board"));
        assertTrue(err.toString().contains("no-such-board"), err.toString());
    }
}
