package org.tinyprune.board;

import java.nio.file.Path;
import java.util.List;

/**
 * A board profile could not be found, parsed or accepted. The message names the file, each bad
 * field with its value, and how to fix it.
 */
public final class BoardProfileException extends Exception {
    private final Path file;
    private final List<String> problems;

    /**
     * Creates an exception for one or more problems in one profile file.
     *
     * @param file the profile file (or the folder searched), may be {@code null} for in-memory
     *     profiles
     * @param problems one sentence per problem, each naming the field, value and fix
     */
    public BoardProfileException(Path file, List<String> problems) {
        super(format(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates an exception for a single problem.
     *
     * @param file the profile file concerned, may be {@code null}
     * @param problem what is wrong and how to fix it
     */
    public BoardProfileException(Path file, String problem) {
        this(file, List.of(problem));
    }

    /**
     * Returns the profile file concerned, or {@code null} for an in-memory profile.
     *
     * @return the profile file concerned, or {@code null} for an in-memory profile
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the individual problems, one sentence each.
     *
     * @return the individual problems, one sentence each
     */
    public List<String> problems() {
        return problems;
    }

    private static String format(Path file, List<String> problems) {
        String where = file == null ? "board profile" : file.toString();
        if (problems.size() == 1) {
            return where + ": " + problems.get(0);
        }
        StringBuilder sb =
                new StringBuilder(where).append(": ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
