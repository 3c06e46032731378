package org.tinyprune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tinyprune} command: global options and the list of subcommands.
 *
 * <p>Failures become one line on standard error and a named exit code; {@code --debug} adds the
 * stack trace.
 */
@Command(
        name = "tinyprune",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Prunes CNNs to fit a microcontroller, then proves it on the board.",
        subcommands = {
            PruneAndFlashCommand.class,
            TrainCommand.class,
            PruneCommand.class,
            QuantizeCommand.class,
            CodegenCommand.class,
            BuildCommand.class,
            MeasureCommand.class,
            BoardsCommand.class,
            EmulateCommand.class,
            FlashCommand.class,
            BenchCommand.class,
            CalibrateCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @Option(
            names = "--debug",
            description = "Print stack traces of failures.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs the command line and returns the exit code instead of exiting (for tests).
     *
     * @param args command-line arguments
     * @return process exit code
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its failure handling, for running a command from another one. */
    static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    boolean debugOn = main.debug || parsed.hasMatchedOption("--debug");
                    if (ex instanceof CommandFailure failure) {
                        cmd.getErr().println("tinyprune: " + failure.getMessage());
                        if (debugOn) ex.printStackTrace(cmd.getErr());
                        return failure.exitCode();
                    }
                    cmd.getErr().println("tinyprune: internal error: " + ex);
                    if (debugOn) {
                        ex.printStackTrace(cmd.getErr());
                    } else {
                        cmd.getErr().println("(run again with --debug for the stack trace)");
                    }
                    return ExitCodes.INTERNAL;
                });
        return cli;
    }

    /**
     * Entry point of the CLI jar.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Reports the version recorded in the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tinyprune " + (v == null ? "(development build)" : v)};
        }
    }
}
