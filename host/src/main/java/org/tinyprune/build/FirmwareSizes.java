package org.tinyprune.build;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Section sizes of a firmware build, as the Makefile's {@code sizes.json} records them (from {@code
 * arm-none-eabi-size -A} and the stamped {@code .bin}), all in bytes.
 *
 * @param flashImageBytes the flashed image (vector table, code, constants, .data load image)
 * @param dataBytes initialised static RAM
 * @param bssBytes zeroed static RAM (holds the model's arena and the server's input copy)
 * @param staticRamBytes .data + .bss
 * @param stackBytes stack reserved by the linker script
 */
public record FirmwareSizes(
        long flashImageBytes, long dataBytes, long bssBytes, long staticRamBytes, long stackBytes) {

    /**
     * Reads {@code sizes.json}.
     *
     * @param file the file the Makefile wrote
     * @return the sizes
     * @throws IOException when the file is missing or lacks a field (the field is named)
     */
    public static FirmwareSizes read(Path file) throws IOException {
        JsonObject o;
        try {
            o =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        return new FirmwareSizes(
                field(o, file, "flash_image_bytes"),
                field(o, file, "data_bytes"),
                field(o, file, "bss_bytes"),
                field(o, file, "static_ram_bytes"),
                field(o, file, "stack_bytes"));
    }

    private static long field(JsonObject o, Path file, String name) throws IOException {
        if (!o.has(name) || !o.get(name).isJsonPrimitive()) {
            throw new IOException(
                    file
                            + " lacks the number \""
                            + name
                            + "\"; rebuild with the "
                            + "device-runtime Makefile (make ... firmware)");
        }
        return o.get(name).getAsLong();
    }
}
