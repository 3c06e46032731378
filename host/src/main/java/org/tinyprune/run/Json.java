package org.tinyprune.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyprune.io.AtomicFiles;

/**
 * Reading and atomically writing the JSON reports of a run ({@code metrics.json}, {@code
 * report.json}).
 */
public final class Json {
    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .serializeSpecialFloatingPointValues()
                    .disableHtmlEscaping()
                    .create();

    private Json() {}

    /** Writes {@code value} (maps, lists, numbers, strings, records of those) as pretty JSON. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
    }

    /**
     * {@code value} as the tree {@link #write} would put in a file and {@link #read} get back
     * (through the text, so numbers compare as they do once read back).
     */
    public static JsonElement tree(Object value) {
        return JsonParser.parseString(GSON.toJson(value));
    }

    /** Reads a JSON file. */
    public static JsonElement read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file));
    }
}
