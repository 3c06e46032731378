package org.tinyprune.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tinyprune.board.proto.BoardProfile;

/**
 * The board profiles of a repository: every {@code boards/<name>/profile.json}. A profile's
 * {@code name} must equal its folder name.
 */
public final class BoardRegistry {
  private final Path boardsDir;

  /**
   * Creates a registry over a {@code boards/} folder.
   *
   * @param boardsDir the folder holding one sub-folder per board
   */
  public BoardRegistry(Path boardsDir) {
    this.boardsDir = boardsDir.toAbsolutePath().normalize();
  }

  /**
   * Creates a registry for the repository found by {@link RepositoryRoot#locate()}.
   *
   * @return the registry
   * @throws BoardProfileException when the repository cannot be found
   */
  public static BoardRegistry ofRepository() throws BoardProfileException {
    return new BoardRegistry(RepositoryRoot.locate().resolve("boards"));
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
      dirs.filter(d -> Files.isRegularFile(d.resolve("profile.json")))
          .map(d -> d.getFileName().toString()).sorted().forEach(names::add);
    } catch (IOException e) {
      throw new BoardProfileException(boardsDir, "cannot list board folders: " + e.getMessage());
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
    return boardsDir.resolve(name).resolve("profile.json");
  }

  /**
   * Loads and validates one board's profile.
   *
   * @param name the board's folder name, e.g. {@code "qemu-m4"}
   * @return the profile
   * @throws BoardProfileException when there is no such board or its profile is invalid
   */
  public BoardProfile load(String name) throws BoardProfileException {
    Path file = profileFile(name);
    if (!Files.isRegularFile(file)) {
      throw new BoardProfileException(file, "no board named \"" + name + "\"; known boards: "
          + String.join(", ", names()));
    }
    BoardProfile p = ProfileReader.read(file);
    if (!p.getName().equals(name)) {
      throw new BoardProfileException(file, "name = \"" + p.getName() + "\" differs from its folder \""
          + name + "\"; make them equal");
    }
    return p;
  }

  /**
   * Loads every profile, failing on the first invalid one.
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
