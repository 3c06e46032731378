/**
 * A board as tests and commands see it: {@link org.tinyprune.link.session.BoardSession} opens a
 * named board (an emulated one launched in QEMU, or a real one on a serial port), flashes firmware
 * through the AN3155 flasher, starts it and hands out the benchmark client. Everything it does is
 * delegated to the {@code qemu}, {@code an3155} and {@code bench} packages; this package only
 * sequences them, so hardware-in-the-loop tests are written once for every board.
 */
package org.tinyprune.link.session;
