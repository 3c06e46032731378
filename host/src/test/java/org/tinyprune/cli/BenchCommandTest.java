package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.bench.ParetoSettings;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.TrainConfig;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void benchListsTrainSpeedAndParsesItsOptions() {
        CommandLine cli = new CommandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute());
        assertTrue(out.toString().contains("train-speed"), out.toString());

        CommandLine.ParseResult r =
                cli.parseArgs(
                        "train-speed",
                        "--models",
                        "vgg-small,resnet8",
                        "--steps",
                        "5",
                        "--rounds",
                        "3");
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
        CommandLine.ParseResult r =
                cli.parseArgs("int8-speed", "--models", "vgg-small", "--samples", "500");
        BenchInt8SpeedCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(500, c.samples);
        assertEquals(
                "./tinyprune bench int8-speed --models vgg-small --samples 500 --warmup 20 --rounds 1"
                        + " --seed 1",
                c.commandLine());
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
        CommandLine.ParseResult r =
                cli.parseArgs(
                        "pareto",
                        "--points",
                        "64KiB:24KiB,32KiB:8KiB",
                        "--epochs",
                        "2",
                        "--train-limit",
                        "500",
                        "--methods",
                        "dnp,l1",
                        "--out",
                        "runs/p",
                        "--onnx",
                        "m.onnx",
                        "--mean",
                        "0.286",
                        "--std",
                        "0.353");
        BenchParetoCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        String line = c.commandLine();
        assertTrue(line.startsWith("./tinyprune bench pareto "), line);
        for (String part :
                List.of(
                        "--points 64KiB:24KiB,32KiB:8KiB",
                        "--epochs 2",
                        "--train-limit 500",
                        "--methods dnp,l1",
                        "--seed 42",
                        "--board qemu-m4",
                        "--out runs/p",
                        "--onnx m.onnx",
                        "--mean 0.286",
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
        new CommandLine(c)
                .parseArgs("--points", "64KiB:24KiB", "--methods", "dnp,magic", "--out", "x");
        f = assertThrows(CommandFailure.class, c::call);
        assertTrue(f.getMessage().contains("--methods 'magic' is unknown"), f.getMessage());
    }

    @Test
    void paretoOnBoardsNamesEachBoardInTheCommandThatReproducesIt() {
        String line =
                pareto(
                                "--points",
                                "64KiB:24KiB",
                                "--out",
                                "x",
                                "--port",
                                "emulated",
                                "--port",
                                "rfc2217://farm:4001",
                                "--samples",
                                "50")
                        .commandLine();
        assertTrue(line.contains("--port emulated --port rfc2217://farm:4001"), line);
        assertTrue(line.contains("--samples 50"), line);
        assertFalse(line.contains("[") || line.contains("--boards"), line);
        String plain = pareto("--points", "64KiB:24KiB", "--out", "x").commandLine();
        assertFalse(
                plain.contains("--port")
                        || plain.contains("--samples")
                        || plain.contains("--boards"),
                plain);
        assertTrue(
                pareto("--points", "64KiB:24KiB", "--out", "x", "--boards", "3")
                        .commandLine()
                        .contains("--boards 3 --samples 200"));
        CommandFailure both =
                assertThrows(
                        CommandFailure.class,
                        pareto(
                                        "--points",
                                        "64KiB:24KiB",
                                        "--out",
                                        "x",
                                        "--boards",
                                        "2",
                                        "--port",
                                        "/dev/ttyACM0")
                                ::call);
        assertEquals(ExitCodes.USAGE, both.exitCode());
    }

    private static BenchParetoCommand pareto(String... args) {
        BenchParetoCommand c = new BenchParetoCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void paretoSeedsFromBaseAndDistillationBecomeTheSettings() {
        BenchParetoCommand c =
                pareto(
                        "--points",
                        "64KiB:24KiB",
                        "--seeds",
                        "1,2,3",
                        "--from-base",
                        "--base-epochs",
                        "6",
                        "--epochs",
                        "2",
                        "--fine-tune-lr",
                        "0.01",
                        "--distill",
                        "--out",
                        "runs/p");
        ParetoSettings s = c.settings();
        assertEquals(List.of(1L, 2L, 3L), s.seeds());
        assertTrue(s.fromBase());
        assertEquals(6, s.baseEpochs());
        assertEquals(0.01f, s.fineTuneRate());
        assertEquals(2, s.train().epochs());
        assertEquals(
                TrainConfig.SCRATCH_RATE,
                s.train().learningRate(),
                "--lr: the base's scratch rate");
        assertNull(s.train().distill(), "the base does not distil");
        assertNull(
                s.distill().teacher(),
                "without --teacher every method distils from its seed's base");
        assertEquals(ParetoSettings.allMethods(), s.methods());
        assertTrue(
                PruneConfig.METHODS.containsAll(s.methods())
                        && !s.methods().contains("none")
                        && s.methods().size() == PruneConfig.METHODS.size() - 1,
                "every method but none: " + s.methods());
        String line = c.commandLine();
        for (String part :
                List.of(
                        "--seeds 1,2,3",
                        "--from-base",
                        "--base-epochs 6",
                        "--fine-tune-lr 0.01",
                        "--distill",
                        "--methods " + String.join(",", ParetoSettings.allMethods()))) {
            assertTrue(line.contains(part), part + " in " + line);
        }
        assertFalse(line.contains("--seed "), "--seeds names every seed: " + line);

        ParetoSettings plain =
                pareto("--points", "64KiB:24KiB", "--seed", "7", "--out", "x").settings();
        assertEquals(List.of(7L), plain.seeds());
        assertFalse(plain.fromBase());
        assertNull(plain.distill());
    }

    @Test
    void paretoFlagsThatDoNotGoTogetherAreUsageErrorsNamingThem() {
        for (String[] args :
                List.of(
                        new String[] {"--base-epochs", "4"},
                        new String[] {"--fine-tune-lr", "0.01"},
                        new String[] {"--seed", "7", "--seeds", "1,2"},
                        new String[] {"--seeds", "1,x"},
                        new String[] {"--seeds", "1,1"},
                        new String[] {"--from-base", "--base-epochs", "0"},
                        new String[] {"--from-base", "--fine-tune-lr", "0"},
                        new String[] {"--teacher", "t.onnx"})) {
            List<String> all =
                    new java.util.ArrayList<>(List.of("--points", "64KiB:24KiB", "--out", "x"));
            all.addAll(List.of(args));
            BenchParetoCommand c = pareto(all.toArray(String[]::new));
            CommandFailure f = assertThrows(CommandFailure.class, c::call, String.join(" ", args));
            assertEquals(ExitCodes.USAGE, f.exitCode(), f.getMessage());
            String flag = args[args.length - 2];
            assertTrue(
                    f.getMessage().contains(flag), String.join(" ", args) + ": " + f.getMessage());
        }
    }
}
