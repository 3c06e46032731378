package org.tinyprune.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tinyprune.onnx.OnnxFiles;

/** How the {@code bench} subcommands hand over their Markdown table: stdout, and optionally a file. */
final class BenchTables {

    private BenchTables() {
    }

    /**
     * Prints the table to stdout and, when {@code out} is given, writes it there atomically.
     *
     * @param table the Markdown text
     * @param out destination file, or null for stdout only
     * @throws CommandFailure ({@link ExitCodes#BAD_INPUT}) naming the file if it cannot be written
     */
    static void publish(String table, Path out) {
        System.out.print(table);
        if (out == null) {
            return;
        }
        try {
            OnnxFiles.writeAtomically(out, table.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
