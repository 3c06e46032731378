package org.tinyprune.calibrate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.report.Files2;

/**
 * The raw measurements of a calibration as JSON ({@code measurements.json}), so a fit can be
 * repeated or checked without the board ({@code tinyprune calibrate --measurements FILE}).
 */
public final class MeasurementsFile {
    private MeasurementsFile() {
    }

    /** Writes the measurements atomically, without a suite identity. */
    public static void write(List<NetMeasurement> nets, Path file) throws IOException {
        write(nets, file, "");
    }

    /**
     * Writes the measurements atomically.
     *
     * @param suite what suite they come from (e.g. {@code full seed 1}), checked before resuming
     */
    public static void write(List<NetMeasurement> nets, Path file, String suite) throws IOException {
        JsonArray arr = new JsonArray();
        for (NetMeasurement n : nets) {
            JsonObject o = new JsonObject();
            o.addProperty("net", n.net());
            o.addProperty("zoo", n.zoo());
            o.addProperty("run_cycles", n.runCycles());
            o.addProperty("flash_image_bytes", n.flashImageBytes());
            o.addProperty("model_flash_bytes", n.modelFlashBytes());
            o.addProperty("constant_bytes", n.constantBytes());
            o.addProperty("static_ram_bytes", n.staticRamBytes());
            o.addProperty("stack_used_bytes", n.stackUsedBytes());
            o.addProperty("planned_arena_bytes", n.plannedArenaBytes());
            o.addProperty("model_arena_bytes", n.modelArenaBytes());
            o.addProperty("input_bytes", n.inputBytes());
            JsonArray layers = new JsonArray();
            for (LayerSample s : n.layers()) {
                JsonObject l = new JsonObject();
                l.addProperty("layer", s.layer());
                l.addProperty("op", s.op());
                JsonArray f = new JsonArray();
                for (double v : s.features()) {
                    f.add(v);
                }
                l.add("features", f);
                l.addProperty("cycles", s.cycles());
                layers.add(l);
            }
            o.add("layers", layers);
            arr.add(o);
        }
        JsonObject root = new JsonObject();
        root.addProperty("suite", suite);
        root.add("nets", arr);
        Files2.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
    }

    /**
     * Reads measurements written by {@link #write}.
     *
     * @throws IOException when the file is unreadable or a field is missing (named in the message)
     */
    public static List<NetMeasurement> read(Path file) throws IOException {
        List<NetMeasurement> out = new ArrayList<>();
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (var e : root.getAsJsonArray("nets")) {
                JsonObject o = e.getAsJsonObject();
                String net = o.get("net").getAsString();
                List<LayerSample> layers = new ArrayList<>();
                for (var le : o.getAsJsonArray("layers")) {
                    JsonObject l = le.getAsJsonObject();
                    JsonArray f = l.getAsJsonArray("features");
                    double[] feats = new double[f.size()];
                    for (int i = 0; i < feats.length; i++) {
                        feats[i] = f.get(i).getAsDouble();
                    }
                    layers.add(new LayerSample(net, l.get("layer").getAsString(), op(l.get("op").getAsString(), file),
                            feats, l.get("cycles").getAsDouble()));
                }
                out.add(new NetMeasurement(net, o.get("zoo").getAsBoolean(), layers, o.get("run_cycles").getAsDouble(),
                        o.get("flash_image_bytes").getAsLong(), o.get("model_flash_bytes").getAsDouble(),
                        o.get("constant_bytes").getAsLong(), o.get("static_ram_bytes").getAsLong(),
                        o.get("stack_used_bytes").getAsLong(), o.get("planned_arena_bytes").getAsLong(),
                        o.get("model_arena_bytes").getAsDouble(), o.get("input_bytes").getAsLong()));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a calibration measurements file (" + e + "); write one with "
                    + "tinyprune calibrate --out DIR (DIR/measurements.json)", e);
        }
        return out;
    }

    /** The suite identity a file was written with ("" when none). */
    public static String suite(Path file) throws IOException {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            return root.has("suite") ? root.get("suite").getAsString() : "";
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a calibration measurements file (" + e + ")", e);
        }
    }

    private static String op(String key, Path file) {
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(file + ": op \"" + key + "\" is not a cost-model key (such as "
                    + "\"conv\" or \"global_avgpool\"); measure again with tinyprune calibrate");
        }
        return key;
    }
}
