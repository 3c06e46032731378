package org.tinyprune.cli;

import java.nio.file.Path;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.ResolvedProfile;
import org.tinyprune.board.UserData;
import org.tinyprune.board.proto.BoardProfile;
import picocli.CommandLine.Option;

/** The {@code --board NAME} option shared by commands that talk to a board (a picocli mixin). */
public final class BoardOption {
    @Option(
            names = "--board",
            required = true,
            paramLabel = "NAME",
            description =
                    "Board profile under boards/, e.g. qemu-m4 (list them with `tinyprune boards`); its refit "
                            + "profile in the user data directory ($TINYPRUNE_DATA, else $XDG_DATA_HOME/tinyprune, else "
                            + "~/.local/share/tinyprune) is used when prune-and-flash wrote one.")
    String board;

    /**
     * Returns the repository root ({@code -Dtinyprune.root} or found above the working directory).
     *
     * @return the root folder
     */
    public Path root() {
        try {
            return RepositoryRoot.locate();
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Loads and validates the named board's profile in use (see {@link #registry}).
     *
     * @return the profile
     */
    public BoardProfile load() {
        try {
            return registry(root()).load(board);
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Resolves the named board's profile in use, saying which file it is.
     *
     * @return the profile with its file
     */
    public ResolvedProfile resolve() {
        try {
            return registry(root()).resolve(board);
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * The registry every command loads board profiles from: the repository's shipped profiles and
     * the refit ones in the user data directory ({@link UserData#dir()}).
     *
     * @param root the repository root
     * @return the registry
     */
    public static BoardRegistry registry(Path root) {
        return new BoardRegistry(root.resolve("boards"), UserData.dir());
    }
}
