package org.tinyprune.cli;

import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLinks;
import org.tinyprune.link.session.BoardSession;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --port DEVICE} option of commands that run something on a board (a picocli mixin): a
 * real board's serial device or {@code rfc2217://HOST:PORT}, or none to launch the board's
 * emulator.
 */
public final class PortOption {
    @Option(
            names = "--port",
            paramLabel = "DEVICE",
            converter = PortOption.Checked.class,
            description =
                    "Serial device of a real board, e.g. /dev/ttyACM0, or a port exported over the network "
                            + "with RFC 2217 (ser2net, labgrid), rfc2217://HOST:PORT. Omit for an emulated board.")
    String port;

    /**
     * Rejects a malformed {@code rfc2217://} URL while the command line is parsed (a usage error).
     */
    static final class Checked implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                SerialLinks.check(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value;
        }
    }

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
