package org.tinyprune.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tinyprune.board.proto.BoardProfile;

/**
 * The board profiles of a repository: every {@code boards/<name>/profile.json} (the shipped
 * profiles). A profile's {@code name} must equal its folder name.
 *
 * <p>A registry made with a user data directory ({@link UserData}; every command uses {@link
 * #ofRepository()}) resolves a board to its refit profile, {@code
 * <data>/boards/<name>/profile.json}, when there is one and it still belongs to the shipped
 * profile: the same build settings (everything but {@code cost_model}), and calibrated no earlier
 * than the shipped one (a shipped profile calibrated again since wins). Otherwise, and in a
 * registry without a data directory (tests), the shipped profile is used.
 */
public final class BoardRegistry {
    /** The file name of a profile, shipped or refit. */
    public static final String PROFILE = "profile.json";

    private final Path boardsDir;
    private final Path userData;

    /**
     * Creates a registry over a {@code boards/} folder that uses the shipped profiles only.
     *
     * @param boardsDir the folder holding one sub-folder per board
     */
    public BoardRegistry(Path boardsDir) {
        this(boardsDir, null);
    }

    /**
     * Creates a registry over a {@code boards/} folder and a user data directory.
     *
     * @param boardsDir the folder holding one sub-folder per board
     * @param userData the user data directory holding refit profiles, or null for shipped profiles
     *     only
     */
    public BoardRegistry(Path boardsDir, Path userData) {
        this.boardsDir = boardsDir.toAbsolutePath().normalize();
        this.userData = userData == null ? null : userData.toAbsolutePath().normalize();
    }

    /**
     * Creates the registry every command uses: the repository found by {@link
     * RepositoryRoot#locate()} and the user data directory {@link UserData#dir()}.
     *
     * @return the registry
     * @throws BoardProfileException when the repository cannot be found
     */
    public static BoardRegistry ofRepository() throws BoardProfileException {
        return new BoardRegistry(RepositoryRoot.locate().resolve("boards"), UserData.dir());
    }

    /**
     * Returns the user data directory, or null when this registry uses shipped profiles only.
     *
     * @return the user data directory or null
     */
    public Path userData() {
        return userData;
    }

    /**
     * Returns where a board's refit profile lives, or null without a user data directory.
     *
     * @param name the board's name
     * @return {@code <data>/boards/<name>/profile.json} (which may not exist) or null
     */
    public Path refitFile(String name) {
        return userData == null ? null : UserData.boardDir(userData, name).resolve(PROFILE);
    }

    /**
     * Returns the {@code boards/} folder.
     *
     * @return the {@code boards/} folder
     */
    public Path boardsDir() {
        return boardsDir;
    }

    /**
     * Lists the names of boards that have a profile, sorted.
     *
     * @return board names
     * @throws BoardProfileException when the folder cannot be listed
     */
    public List<String> names() throws BoardProfileException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(boardsDir)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(PROFILE)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new BoardProfileException(
                    boardsDir, "cannot list board folders: " + e.getMessage());
        }
        return names;
    }

    /**
     * Returns the profile file of a board (which may not exist).
     *
     * @param name the board's folder name
     * @return {@code boards/<name>/profile.json}
     */
    public Path profileFile(String name) {
        return boardsDir.resolve(name).resolve(PROFILE);
    }

    /**
     * Loads the profile a board is used with: its refit profile when that applies (see the class
     * comment), else the shipped one.
     *
     * @param name the board's folder name, e.g. {@code "qemu-m4"}
     * @return the profile in use
     * @throws BoardProfileException when there is no such board, or its shipped or refit profile is
     *     invalid
     */
    public BoardProfile load(String name) throws BoardProfileException {
        return resolve(name).profile();
    }

    /**
     * Resolves the profile a board is used with, saying which one it is.
     *
     * @param name the board's folder name
     * @return the profile in use with its file
     * @throws BoardProfileException when there is no such board, or its shipped or refit profile is
     *     invalid (the message names the file; a refit one may be deleted to fall back to the
     *     shipped one)
     */
    public ResolvedProfile resolve(String name) throws BoardProfileException {
        BoardProfile shipped = loadShipped(name);
        Path refitFile = refitFile(name);
        if (refitFile == null || !Files.exists(refitFile)) {
            return new ResolvedProfile(shipped, profileFile(name), false, "");
        }
        BoardProfile refit;
        try {
            refit = ProfileReader.read(refitFile);
        } catch (BoardProfileException e) {
            List<String> problems = new ArrayList<>(e.problems());
            problems.add(
                    "this is the refit profile prune-and-flash keeps; fix it or delete it to use the shipped "
                            + profileFile(name));
            throw new BoardProfileException(refitFile, problems);
        }
        if (!refit.getName().equals(name)) {
            throw new BoardProfileException(
                    refitFile,
                    "name = \""
                            + refit.getName()
                            + "\" is not the board \""
                            + name
                            + "\" whose folder holds it; delete it to use the shipped "
                            + profileFile(name));
        }
        if (!refit.toBuilder()
                .clearCostModel()
                .build()
                .equals(shipped.toBuilder().clearCostModel().build())) {
            return new ResolvedProfile(
                    shipped,
                    profileFile(name),
                    false,
                    "refit profile "
                            + refitFile
                            + " not used: the shipped profile's build settings changed since it was refit");
        }
        if (calibratedAfter(shipped, refit)) {
            return new ResolvedProfile(
                    shipped,
                    profileFile(name),
                    false,
                    "refit profile "
                            + refitFile
                            + " not used: the shipped profile was calibrated after it ("
                            + shipped.getCostModel().getCalibratedAt()
                            + ")");
        }
        return new ResolvedProfile(refit, refitFile, true, "");
    }

    /**
     * Whether {@code a} was calibrated strictly after {@code b} (an unreadable time counts as
     * never).
     */
    private static boolean calibratedAfter(BoardProfile a, BoardProfile b) {
        Instant ta = instant(a.getCostModel().getCalibratedAt());
        Instant tb = instant(b.getCostModel().getCalibratedAt());
        return ta != null && (tb == null || ta.isAfter(tb));
    }

    private static Instant instant(String s) {
        try {
            return s.isBlank() ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Loads and validates one board's shipped profile, {@code boards/<name>/profile.json}.
     *
     * @param name the board's folder name, e.g. {@code "qemu-m4"}
     * @return the profile
     * @throws BoardProfileException when there is no such board or its profile is invalid
     */
    public BoardProfile loadShipped(String name) throws BoardProfileException {
        Path file = profileFile(name);
        if (!Files.isRegularFile(file)) {
            throw new BoardProfileException(
                    file,
                    "no board named \"" + name + "\"; known boards: " + String.join(", ", names()));
        }
        BoardProfile p = ProfileReader.read(file);
        if (!p.getName().equals(name)) {
            throw new BoardProfileException(
                    file,
                    "name = \""
                            + p.getName()
                            + "\" differs from its folder \""
                            + name
                            + "\"; make them equal");
        }
        return p;
    }

    /**
     * Loads every profile in use (see {@link #load}), failing on the first invalid one.
     *
     * @return profiles sorted by name
     * @throws BoardProfileException naming the first invalid profile
     */
    public List<BoardProfile> loadAll() throws BoardProfileException {
        List<BoardProfile> all = new ArrayList<>();
        for (String n : names()) {
            all.add(load(n));
        }
        return all;
    }
}
