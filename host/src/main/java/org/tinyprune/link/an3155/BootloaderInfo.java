package org.tinyprune.link.an3155;

import java.util.List;

/**
 * What the bootloader said about itself: protocol version (Get), the commands it supports (Get),
 * and the product ID (Get ID).
 *
 * @param version protocol version byte, e.g. 0x31 for 3.1
 * @param commands command codes listed by Get
 * @param productId product ID from Get ID
 */
public record BootloaderInfo(int version, List<Integer> commands, int productId) {
    /**
     * Returns whether Get listed a command.
     *
     * @param command a command code such as {@link BootloaderSession#EXTENDED_ERASE}
     * @return true when listed
     */
    public boolean supports(int command) {
        return commands.contains(command);
    }

    /**
     * Returns the version as "major.minor".
     *
     * @return the version as "major.minor"
     */
    public String versionText() {
        return (version >> 4) + "." + (version & 0xF);
    }
}
