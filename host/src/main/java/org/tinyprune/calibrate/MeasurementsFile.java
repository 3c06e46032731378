package org.tinyprune.calibrate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.report.Files2;
import org.tinyprune.resource.LayerFeatures;

/**
 * The raw measurements of a calibration as JSON ({@code measurements.json}), so a fit can be
 * repeated or checked without the board ({@code tinyprune calibrate --measurements FILE}). The file
 * names the latency features its layers carry; a file with other features was written by another
 * version of the resource model, and {@link SuiteFeatures} recomputes them before a refit.
 */
public final class MeasurementsFile {
    /** Names of the latency features, in {@link LayerFeatures} order (stored to detect stale files). */
    public static final List<String> FEATURES = List.of("macs", "output_elements", "input_reads", "constant",
            "output_pixels", "simd_tail_macs", "odd_channel_pixels");

    private MeasurementsFile() {
    }

    /** Writes the measurements atomically. */
    public static void write(Measurements m, Path file) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("suite", m.suite());
        root.addProperty("firmware", m.firmware());
        root.addProperty("compiler", m.compiler());
        root.addProperty("measured_at", m.measuredAt());
        JsonArray features = new JsonArray();
        m.features().forEach(features::add);
        root.add("features", features);
        JsonArray arr = new JsonArray();
        m.nets().forEach(n -> arr.add(net(n)));
        root.add("nets", arr);
        JsonArray probes = new JsonArray();
        for (KernelProbe p : m.probes()) {
            JsonObject o = new JsonObject();
            o.addProperty("op", p.op());
            o.addProperty("layer", p.layer());
            o.addProperty("flash_image_bytes", p.flashImageBytes());
            o.addProperty("constant_bytes", p.constantBytes());
            o.addProperty("model_object_bytes", p.modelObjectBytes());
            JsonObject s = new JsonObject();
            p.sections().forEach(s::addProperty);
            o.add("sections", s);
            probes.add(o);
        }
        root.add("probes", probes);
        Files2.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
    }

    private static JsonObject net(NetMeasurement n) {
        JsonObject o = new JsonObject();
        o.addProperty("net", n.net());
        o.addProperty("zoo", n.zoo());
        o.addProperty("run_cycles", n.runCycles());
        o.addProperty("flash_image_bytes", n.flashImageBytes());
        o.addProperty("model_flash_bytes", n.modelFlashBytes());
        o.addProperty("constant_bytes", n.constantBytes());
        o.addProperty("model_object_bytes", n.modelObjectBytes());
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
        return o;
    }

    /**
     * Reads measurements written by {@link #write}.
     *
     * @return the measurements, with the feature names the file declares (see
     *         {@link Measurements#currentFeatures()})
     * @throws IOException when the file is unreadable or a field is missing (named in the message)
     */
    public static Measurements read(Path file) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " is not JSON (" + e.getMessage() + "); write one with tinyprune calibrate "
                    + "--out DIR (DIR/measurements.json)", e);
        }
        List<String> features = new ArrayList<>();
        if (root.has("features")) {
            root.getAsJsonArray("features").forEach(f -> features.add(f.getAsString()));
        }
        try {
            List<NetMeasurement> nets = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("nets")) {
                nets.add(net(e.getAsJsonObject(), file));
            }
            List<KernelProbe> probes = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("probes")) {
                JsonObject o = e.getAsJsonObject();
                Map<String, Integer> sections = new TreeMap<>();
                o.getAsJsonObject("sections").entrySet().forEach(s -> sections.put(s.getKey(), s.getValue().getAsInt()));
                probes.add(new KernelProbe(o.get("op").getAsString(), o.get("layer").getAsString(),
                        o.get("flash_image_bytes").getAsLong(), o.get("constant_bytes").getAsLong(),
                        o.get("model_object_bytes").getAsLong(), sections));
            }
            return new Measurements(text(root, "suite"), text(root, "firmware"), text(root, "compiler"),
                    text(root, "measured_at"), nets, probes, features);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a calibration measurements file (" + e + "); write one with "
                    + "tinyprune calibrate --out DIR (DIR/measurements.json)", e);
        }
    }

    private static NetMeasurement net(JsonObject o, Path file) {
        String net = o.get("net").getAsString();
        List<LayerSample> layers = new ArrayList<>();
        for (JsonElement le : o.getAsJsonArray("layers")) {
            JsonObject l = le.getAsJsonObject();
            JsonArray f = l.getAsJsonArray("features");
            double[] feats = new double[f.size()];
            for (int i = 0; i < feats.length; i++) {
                feats[i] = f.get(i).getAsDouble();
            }
            layers.add(new LayerSample(net, l.get("layer").getAsString(), op(l.get("op").getAsString(), file), feats,
                    l.get("cycles").getAsDouble()));
        }
        return new NetMeasurement(net, o.get("zoo").getAsBoolean(), layers, o.get("run_cycles").getAsDouble(),
                o.get("flash_image_bytes").getAsLong(), o.get("model_flash_bytes").getAsDouble(),
                o.get("constant_bytes").getAsLong(), o.get("static_ram_bytes").getAsLong(),
                o.get("stack_used_bytes").getAsLong(), o.get("planned_arena_bytes").getAsLong(),
                o.get("model_arena_bytes").getAsDouble(), o.get("input_bytes").getAsLong(),
                o.get("model_object_bytes").getAsLong());
    }

    private static String text(JsonObject root, String field) {
        return root.has(field) ? root.get(field).getAsString() : "";
    }

    private static String op(String key, Path file) {
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(file + ": op \"" + key + "\" is not a cost-model key (such as "
                    + "\"conv\" or \"global_avgpool\"); measure again with tinyprune calibrate");
        }
        return key;
    }
}
