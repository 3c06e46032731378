/**
 * Emulated boards: QEMU's Cortex-M machines run the resident AN3155 bootloader, reached through a
 * pty. {@link org.tinyprune.link.qemu.QemuLauncher} starts QEMU halted ({@code -S}) with {@code
 * -icount shift=0}, a QMP socket and {@code -serial pty}, opens the pty, then resumes the CPU, so
 * no output is lost. {@link org.tinyprune.link.qemu.EmulatedBoard} owns the process and always ends
 * it (close, JVM shutdown hook, forced kill after a grace period; and, for a JVM killed without
 * running its hooks, the parent-death signal QEMU is started with). {@link
 * org.tinyprune.link.qemu.FirmwareMake} builds the bootloader and firmware with the device-runtime
 * Makefile.
 */
package org.tinyprune.link.qemu;
