package org.tinyprune.board;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tinyprune.board.proto.BoardProfile;

/**
 * Writes a board profile as JSON (lower_snake_case field names) atomically: the text goes to a
 * temporary file in the same folder, which is then renamed over the target, so a reader never sees
 * a half-written profile. The profile is validated first; an invalid one is never written.
 */
public final class ProfileWriter {
  private ProfileWriter() {
  }

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
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, toJson(profile), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BoardProfileException(file, "cannot write: " + e.getMessage()
          + "; check that the folder exists and is writable");
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is only left behind if the rename failed and so did this cleanup
        }
      }
    }
  }
}
