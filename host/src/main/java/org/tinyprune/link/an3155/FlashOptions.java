package org.tinyprune.link.an3155;

import org.tinyprune.board.proto.BoardProfile;

/**
 * Timeouts and attempts of a flash.
 *
 * @param ackTimeoutMillis wait for each ACK and answer
 * @param eraseTimeoutMillis wait for an erase to finish (mass erase of a 2 MB STM32 takes seconds)
 * @param resyncMillis how long to try re-synchronising after a failed command (longer than the
 *     bootloader's own inter-byte timeout, so a half-received command is abandoned first)
 * @param attempts tries per command, and erase-write-verify passes
 * @param checkIntegrity refuse, before touching an emulated board, an image whose integrity record
 *     is missing or wrong (off only to test the bootloader's own check)
 */
public record FlashOptions(
        long ackTimeoutMillis,
        long eraseTimeoutMillis,
        long resyncMillis,
        int attempts,
        boolean checkIntegrity) {
    /**
     * Returns the defaults: 1 s per answer, 60 s erase, 5 s resync, 3 attempts, integrity checked.
     *
     * @return default options
     */
    public static FlashOptions defaults() {
        return new FlashOptions(1000, 60_000, 5000, 3, true);
    }

    /**
     * Returns a copy with another integrity setting.
     *
     * @param check whether to check the integrity record on the host first
     * @return the new options
     */
    public FlashOptions withCheckIntegrity(boolean check) {
        return new FlashOptions(
                ackTimeoutMillis, eraseTimeoutMillis, resyncMillis, attempts, check);
    }

    /**
     * How long the first synchronisation may take: long enough for a user to set BOOT0 and press
     * reset when the profile says the entry is manual.
     *
     * @param profile the board
     * @return milliseconds
     */
    public long syncMillis(BoardProfile profile) {
        return "manual".equals(profile.getFlashing().getResetEntry()) ? 60_000 : resyncMillis;
    }
}
