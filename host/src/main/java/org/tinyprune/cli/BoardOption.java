package org.tinyprune.cli;

import java.nio.file.Path;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import picocli.CommandLine.Option;

/** The {@code --board NAME} option shared by commands that talk to a board (a picocli mixin). */
public final class BoardOption {
  @Option(names = "--board", required = true, paramLabel = "NAME",
      description = "Board profile under boards/, e.g. qemu-m4 (list them with `tinyprune boards`).")
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
   * Loads and validates the named profile.
   *
   * @return the profile
   */
  public BoardProfile load() {
    try {
      return new BoardRegistry(root().resolve("boards")).load(board);
    } catch (BoardProfileException e) {
      throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }
}
