package org.tinyprune.link;

import org.tinyprune.link.rfc2217.Rfc2217Address;
import org.tinyprune.link.rfc2217.Rfc2217Link;

/**
 * Opens the {@link SerialLink} a {@code --port} value names: {@code rfc2217://HOST:PORT} for a port
 * exported over the network (ser2net, labgrid), anything else a local device (jSerialComm).
 */
public final class SerialLinks {
    private SerialLinks() {}

    /**
     * Checks a {@code --port} value without opening anything: a URL must be a well-formed {@code
     * rfc2217://HOST:PORT}; a device path is checked when opened.
     *
     * @param port the value
     * @throws IllegalArgumentException naming what is wrong and the form to use
     */
    public static void check(String port) {
        if (Rfc2217Address.isUrl(port)) {
            Rfc2217Address.parse(port);
        }
    }

    /**
     * Opens a port at 8N1.
     *
     * @param port a device path such as {@code /dev/ttyACM0}, or {@code rfc2217://HOST:PORT}
     * @param baud bits per second
     * @return the open link
     * @throws LinkException {@link LinkException.Kind#INVALID_REQUEST} for a malformed URL;
     *     otherwise as {@link JSerialCommLink#open} or {@link Rfc2217Link#open(Rfc2217Address,
     *     int)}
     */
    public static SerialLink open(String port, int baud) throws LinkException {
        if (!Rfc2217Address.isUrl(port)) {
            return JSerialCommLink.open(port, baud);
        }
        Rfc2217Address address;
        try {
            address = Rfc2217Address.parse(port);
        } catch (IllegalArgumentException e) {
            throw new LinkException(
                    LinkException.Kind.INVALID_REQUEST, "port " + e.getMessage(), e);
        }
        return Rfc2217Link.open(address, baud);
    }
}
