package org.tinyprune.board;

import java.nio.file.Path;
import org.tinyprune.board.proto.BoardProfile;

/**
 * The profile a board is used with, and where it came from: the shipped {@code
 * boards/<name>/profile.json}, or the refit one in the user data directory ({@link UserData}) that
 * {@code prune-and-flash} wrote from the board's own measurements.
 *
 * @param profile the profile in use
 * @param file the file it was read from
 * @param refit whether it is the refit profile
 * @param note why a refit profile that exists is not in use (empty otherwise)
 */
public record ResolvedProfile(BoardProfile profile, Path file, boolean refit, String note) {
    /**
     * Returns a short description, e.g. {@code refit
     * /root/.local/share/tinyprune/boards/qemu-m4/profile.json}.
     *
     * @return "shipped FILE" or "refit FILE"
     */
    public String describe() {
        return (refit ? "refit " : "shipped ") + file;
    }
}
