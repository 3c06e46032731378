package org.tinyprune.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.zoo.Zoo;
import picocli.CommandLine.Option;

/**
 * The options the per-model {@code bench} subcommands share ({@code --models}, {@code --out}) and
 * how they hand over their Markdown table: stdout, and optionally a file.
 */
final class BenchModelOptions {

    @Option(
            names = "--models",
            split = ",",
            paramLabel = "NAME",
            description = "Zoo models to run (default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = ZooNames.class)
    List<String> models;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Also write the Markdown table to FILE.")
    Path out;

    /** The chosen models, or every zoo model. */
    List<String> chosen() {
        return models == null ? List.copyOf(Zoo.names()) : models;
    }

    /** Appends {@code --models a,b} to a reproducing command line when models were chosen. */
    void appendTo(List<String> commandLine) {
        if (models != null) {
            commandLine.add("--models");
            commandLine.add(String.join(",", models));
        }
    }

    /**
     * Prints the table to stdout and, when {@code --out} was given, writes it there atomically.
     *
     * @param table the Markdown text
     * @throws CommandFailure ({@link ExitCodes#BAD_INPUT}) naming the file if it cannot be written
     */
    void publish(String table) {
        System.out.print(table);
        if (out == null) {
            return;
        }
        try {
            AtomicFiles.writeString(out, table);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** The zoo names, for help text and completion. */
    static final class ZooNames extends ArrayList<String> {
        ZooNames() {
            super(Zoo.names());
        }
    }
}
