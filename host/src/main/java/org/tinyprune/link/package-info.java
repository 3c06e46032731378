/**
 * The serial link between the host and a board: a {@link org.tinyprune.link.SerialLink} byte
 * channel (jSerialComm in production, scripted fakes in tests) with deadlines and detection of a
 * port that went away, and {@link org.tinyprune.link.LinkException}, the one checked exception of
 * the link packages. The protocols built on it live in sub-packages: {@code an3155} (flashing),
 * {@code bench} (the MLPerf Tiny benchmark protocol), {@code qemu} (emulated boards), {@code
 * rfc2217} (ports exported over the network), {@code session} (one open board) and {@code pool}
 * (several boards sharing a list of work items).
 */
package org.tinyprune.link;
