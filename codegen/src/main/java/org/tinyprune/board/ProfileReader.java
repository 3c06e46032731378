package org.tinyprune.board;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tinyprune.board.proto.BoardProfile;

/**
 * Parses board profile JSON into {@link BoardProfile} with protobuf's JSON mapping, rejecting
 * unknown fields, then validates ranges with {@link ProfileValidator}.
 */
public final class ProfileReader {
    private static final Pattern UNKNOWN =
            Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");

    private ProfileReader() {}

    /**
     * Reads and validates one profile file.
     *
     * @param file a {@code profile.json}
     * @return the validated profile
     * @throws BoardProfileException when the file is missing, not valid JSON, has unknown fields or
     *     out-of-range values
     */
    public static BoardProfile read(Path file) throws BoardProfileException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BoardProfileException(
                    file, "file not found; each board needs boards/<name>/profile.json");
        } catch (IOException e) {
            throw new BoardProfileException(file, "cannot read: " + e.getMessage());
        }
        return parse(json, file);
    }

    /**
     * Parses and validates profile JSON.
     *
     * @param json the JSON text
     * @param file where it came from, for messages (may be {@code null})
     * @return the validated profile
     * @throws BoardProfileException on malformed JSON, unknown fields or out-of-range values
     */
    public static BoardProfile parse(String json, Path file) throws BoardProfileException {
        BoardProfile.Builder builder = BoardProfile.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new BoardProfileException(file, explain(e, json));
        } catch (RuntimeException e) {
            throw new BoardProfileException(file, "not valid profile JSON: " + e.getMessage());
        }
        BoardProfile profile = builder.build();
        ProfileValidator.validate(profile, file);
        return profile;
    }

    private static String explain(InvalidProtocolBufferException e, String json) {
        String msg = String.valueOf(e.getMessage());
        Matcher m = UNKNOWN.matcher(msg);
        if (m.find()) {
            String field = m.group(1);
            String message = m.group(2);
            Descriptor d =
                    BoardProfile.getDescriptor()
                            .getFile()
                            .findMessageTypeByName(message.substring(message.lastIndexOf('.') + 1));
            String known =
                    d == null
                            ? ""
                            : d.getFields().stream()
                                    .map(FieldDescriptor::getName)
                                    .collect(Collectors.joining(", "));
            return "unknown field \""
                    + field
                    + "\" in "
                    + message
                    + "; remove it or fix its spelling"
                    + (known.isEmpty() ? "" : " (known fields: " + known + ")");
        }
        return "not valid profile JSON: "
                + fieldOf(msg, json)
                + msg
                + "; compare with boards/qemu-m4/profile.json and board.proto";
    }

    /** Finds which field holds the bad value a type error quotes ("Not an uint32 value: -5"). */
    private static String fieldOf(String msg, String json) {
        int colon = msg.lastIndexOf(": ");
        if (colon < 0) {
            return "";
        }
        String value = msg.substring(colon + 2).trim();
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty()) {
            return "";
        }
        for (int at = json.indexOf(value); at >= 0; at = json.indexOf(value, at + 1)) {
            String field = fieldBefore(json, at);
            if (field != null) {
                return "field " + field + ": ";
            }
        }
        return "";
    }

    /**
     * The name of the field whose value starts at {@code at}: reads backwards over an optional
     * opening quote, blanks, a colon, blanks and a quoted name of lower-case letters and
     * underscores; null when the text before {@code at} is not that shape. (A scan, not a regular
     * expression built from the bad value: this runs on every refused file, and the value is
     * arbitrary.)
     */
    private static String fieldBefore(String json, int at) {
        int i = at - 1;
        if (i >= 0 && json.charAt(i) == '"') {
            i--;
        }
        i = skipBlanksBackwards(json, i);
        if (i < 0 || json.charAt(i) != ':') {
            return null;
        }
        i = skipBlanksBackwards(json, i - 1);
        if (i < 0 || json.charAt(i) != '"') {
            return null;
        }
        int end = i;
        i--;
        while (i >= 0
                && (json.charAt(i) == '_' || (json.charAt(i) >= 'a' && json.charAt(i) <= 'z'))) {
            i--;
        }
        if (i < 0 || json.charAt(i) != '"' || i + 1 == end) {
            return null;
        }
        return json.substring(i + 1, end);
    }

    private static int skipBlanksBackwards(String json, int i) {
        while (i >= 0 && Character.isWhitespace(json.charAt(i))) {
            i--;
        }
        return i;
    }
}
