package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void benchListsTrainSpeedAndParsesItsOptions() {
        CommandLine cli = new CommandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute());
        assertTrue(out.toString().contains("train-speed"), out.toString());

        CommandLine.ParseResult r = cli.parseArgs("train-speed", "--models", "vgg-small,resnet8",
                "--steps", "5", "--rounds", "3");
        BenchTrainSpeedCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(List.of("vgg-small", "resnet8"), c.selection.models);
        assertEquals(5, c.steps);
        assertEquals(3, c.rounds);
        assertEquals(64, c.batch);
        assertEquals(2, c.threads);
    }

    @Test
    void int8SpeedParsesItsOptionsAndNamesTheCommandThatReproducesIt() {
        CommandLine cli = new CommandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute());
        assertTrue(out.toString().contains("int8-speed"), out.toString());
        CommandLine.ParseResult r = cli.parseArgs("int8-speed", "--models", "vgg-small", "--samples", "500");
        BenchInt8SpeedCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(500, c.samples);
        assertEquals("./tinyprune bench int8-speed --models vgg-small --samples 500 --warmup 20 --rounds 1"
                + " --seed 1", c.commandLine());
    }

    @Test
    void unknownModelIsAUsageError() {
        BenchTrainSpeedCommand c = new BenchTrainSpeedCommand();
        new CommandLine(c).parseArgs("--models", "alexnet");
        CommandFailure f = assertThrows(CommandFailure.class, c::call);
        assertEquals(ExitCodes.USAGE, f.exitCode());
        assertTrue(f.getMessage().contains("alexnet"), f.getMessage());
    }

    @Test
    void paretoParsesItsOptionsAndNamesTheCommandThatReproducesIt() {
        CommandLine cli = new CommandLine(new BenchCommand());
        CommandLine.ParseResult r = cli.parseArgs("pareto", "--points", "64KiB:24KiB,32KiB:8KiB", "--epochs", "2",
                "--train-limit", "500", "--methods", "dnp,l1", "--out", "runs/p", "--onnx", "m.onnx", "--mean",
                "0.286", "--std", "0.353");
        BenchParetoCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        String line = c.commandLine();
        assertTrue(line.startsWith("./tinyprune bench pareto "), line);
        for (String part : List.of("--points 64KiB:24KiB,32KiB:8KiB", "--epochs 2", "--train-limit 500",
                "--methods dnp,l1", "--seed 42", "--board qemu-m4", "--out runs/p", "--onnx m.onnx", "--mean 0.286",
                "--std 0.353")) {
            assertTrue(line.contains(part), part + " in " + line);
        }
    }

    @Test
    void aBadParetoPointIsAUsageErrorNamingIt() {
        BenchParetoCommand c = new BenchParetoCommand();
        new CommandLine(c).parseArgs("--points", "64KiB:24KiB,32KiB", "--out", "x");
        CommandFailure f = assertThrows(CommandFailure.class, c::call);
        assertEquals(ExitCodes.USAGE, f.exitCode());
        assertTrue(f.getMessage().contains("--points point 2 '32KiB'"), f.getMessage());
        new CommandLine(c).parseArgs("--points", "64KiB:24KiB", "--methods", "dnp,magic", "--out", "x");
        f = assertThrows(CommandFailure.class, c::call);
        assertTrue(f.getMessage().contains("--methods 'magic' is unknown"), f.getMessage());
    }
}
