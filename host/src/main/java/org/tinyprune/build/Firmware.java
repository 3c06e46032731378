package org.tinyprune.build;

import java.nio.file.Path;

/**
 * The output of a firmware build.
 *
 * @param board board name
 * @param elf {@code firmware.elf} (stamped with its integrity record)
 * @param bin {@code firmware.bin}, the raw image at the profile's flash origin
 * @param map {@code firmware.map}, the linker map
 * @param sizes section sizes
 */
public record Firmware(String board, Path elf, Path bin, Path map, FirmwareSizes sizes) {}
