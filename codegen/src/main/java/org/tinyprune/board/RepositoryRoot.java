package org.tinyprune.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the tinyprune repository (the folder holding {@code boards/}): the system property {@value
 * #PROPERTY} if set, otherwise the nearest folder at or above the working directory that contains
 * both {@code boards/} and {@code pom.xml}.
 */
public final class RepositoryRoot {
    /** System property naming the repository root explicitly. */
    public static final String PROPERTY = "tinyprune.root";

    private RepositoryRoot() {}

    /**
     * Locates the repository root.
     *
     * @return the root folder (absolute)
     * @throws BoardProfileException when no such folder is found, with how to point at one
     */
    public static Path locate() throws BoardProfileException {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path root = Paths.get(prop).toAbsolutePath().normalize();
            if (!Files.isDirectory(root.resolve("boards"))) {
                throw new BoardProfileException(
                        root,
                        "-D"
                                + PROPERTY
                                + " names a folder without boards/; "
                                + "point it at the tinyprune repository");
            }
            return root;
        }
        return locateFrom(Paths.get("").toAbsolutePath());
    }

    /**
     * Walks up from a folder to the nearest one holding {@code boards/} and {@code pom.xml}.
     *
     * @param start where to start
     * @return the root folder
     * @throws BoardProfileException when none is found
     */
    public static Path locateFrom(Path start) throws BoardProfileException {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("boards"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new BoardProfileException(
                start,
                "no tinyprune repository (a folder with boards/ and "
                        + "pom.xml) at or above this folder; run from inside the repository or pass -D"
                        + PROPERTY
                        + "=DIR");
    }
}
