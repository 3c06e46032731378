package org.tinyprune.bench;

/** The opening every benchmark's Markdown section shares: title, machine, settings, command. */
final class BenchMarkdown {

    private BenchMarkdown() {}

    /**
     * Starts a section.
     *
     * @param title the section title (without {@code ##})
     * @param machine {@link MachineInfo#describe()}
     * @param settings one line saying what was run
     * @param command the command that reproduces the run
     * @return a builder holding the heading and the three bullet lines, ready for the table
     */
    static StringBuilder header(String title, String machine, String settings, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        sb.append("- Machine: ").append(machine).append('\n');
        sb.append("- Settings: ").append(settings).append('\n');
        sb.append("- Command: `").append(command).append("`\n\n");
        return sb;
    }
}
