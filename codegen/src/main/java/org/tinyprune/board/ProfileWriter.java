package org.tinyprune.board;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Path;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.io.AtomicFiles;

/**
 * Writes a board profile as JSON (lower_snake_case field names) atomically ({@link AtomicFiles}),
 * so a reader never sees a half-written profile. The profile is validated first; an invalid one is
 * never written.
 */
public final class ProfileWriter {
    private ProfileWriter() {}

    /**
     * Formats a profile as JSON text.
     *
     * @param profile the profile
     * @return JSON with proto field names, ending in a newline
     */
    public static String toJson(BoardProfile profile) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(profile) + "\n";
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a BoardProfile always prints as JSON", e);
        }
    }

    /**
     * Validates and writes a profile atomically.
     *
     * @param profile the profile to write
     * @param file the target, usually {@code boards/<name>/profile.json}
     * @throws BoardProfileException when the profile is invalid or the file cannot be written
     */
    public static void write(BoardProfile profile, Path file) throws BoardProfileException {
        ProfileValidator.validate(profile, file);
        try {
            AtomicFiles.writeString(file, toJson(profile));
        } catch (IOException e) {
            throw new BoardProfileException(
                    file,
                    "cannot write: "
                            + e.getMessage()
                            + "; check that the folder exists and is writable");
        }
    }
}
