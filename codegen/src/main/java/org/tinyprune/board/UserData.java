package org.tinyprune.board;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.UnaryOperator;

/**
 * tinyprune's per-user data directory: what it learns about boards outside the repository (each
 * board's measurement store and refit profile, under {@code boards/<name>/}). The first of these
 * that is set wins:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY} (tests point it at a temporary folder);
 *   <li>the environment variable {@value #ENV};
 *   <li>{@code $XDG_DATA_HOME/tinyprune};
 *   <li>{@code $HOME/.local/share/tinyprune} ({@code user.home} when {@code HOME} is unset).
 * </ol>
 *
 * Nothing is created by finding it; a folder that does not exist simply holds nothing yet.
 */
public final class UserData {
    /** System property naming the data directory. */
    public static final String PROPERTY = "tinyprune.data";

    /** Environment variable naming the data directory. */
    public static final String ENV = "TINYPRUNE_DATA";

    private UserData() {}

    /**
     * Returns the data directory of this process (see the class comment).
     *
     * @return an absolute path, which may not exist yet
     */
    public static Path dir() {
        return dir(System::getProperty, System::getenv);
    }

    /**
     * Returns the data directory for the given system properties and environment.
     *
     * @param properties looks up a system property (null when unset)
     * @param environment looks up an environment variable (null when unset)
     * @return an absolute path, which may not exist yet
     */
    public static Path dir(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String p = properties.apply(PROPERTY);
        if (set(p)) {
            return absolute(p);
        }
        String e = environment.apply(ENV);
        if (set(e)) {
            return absolute(e);
        }
        String xdg = environment.apply("XDG_DATA_HOME");
        if (set(xdg) && Paths.get(xdg).isAbsolute()) { // the XDG spec says to ignore a relative one
            return absolute(xdg).resolve("tinyprune");
        }
        String home = environment.apply("HOME");
        if (!set(home)) {
            home = properties.apply("user.home");
        }
        return absolute(set(home) ? home : ".")
                .resolve(".local")
                .resolve("share")
                .resolve("tinyprune");
    }

    /**
     * Returns the folder of one board's data: {@code <data>/boards/<name>}.
     *
     * @param data the data directory
     * @param board the board's name
     * @return the folder, which may not exist yet
     */
    public static Path boardDir(Path data, String board) {
        return data.resolve("boards").resolve(board);
    }

    private static boolean set(String v) {
        return v != null && !v.isBlank();
    }

    private static Path absolute(String p) {
        return Paths.get(p).toAbsolutePath().normalize();
    }
}
