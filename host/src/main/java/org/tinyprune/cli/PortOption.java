package org.tinyprune.cli;

import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.session.BoardSession;
import picocli.CommandLine.Option;

/**
 * The {@code --port DEVICE} option of commands that run something on a board (a picocli mixin):
 * a real board's serial device, or none to launch the board's emulator.
 */
public final class PortOption {
  @Option(names = "--port", paramLabel = "DEVICE",
      description = "Serial device of a real board, e.g. /dev/ttyACM0. Omit for an emulated board.")
  String port;

  /**
   * Returns the serial device named on the command line.
   *
   * @return the device, or null for the emulated board
   */
  public String port() {
    return port;
  }

  /**
   * Opens a session with the board: on {@link #port()}, or in its emulator when none was named.
   *
   * @param profile the board
   * @param board the {@code --board} option (for the repository root)
   * @return the open session
   * @throws LinkException when the board cannot be reached
   */
  public BoardSession open(BoardProfile profile, BoardOption board) throws LinkException {
    return BoardSession.open(profile, port, board.root());
  }
}
