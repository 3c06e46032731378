/**
 * An RFC 2217 client: a board's serial port exported over the network (ser2net, labgrid's
 * NetworkSerialPort) used through the same {@link org.tinyprune.link.SerialLink} seam as a local
 * port. {@link org.tinyprune.link.rfc2217.Rfc2217Address} parses {@code rfc2217://HOST:PORT},
 * {@link org.tinyprune.link.rfc2217.TelnetDecoder} splits the byte stream into data and telnet
 * commands, and {@link org.tinyprune.link.rfc2217.Rfc2217Link} negotiates the options and sets the
 * remote port's line.
 */
package org.tinyprune.link.rfc2217;
