package org.tinyprune.calibrate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tinyprune.resource.LayerFeatures;

/**
 * Reads {@code measurements.json} and checks every row before a fit believes it: a value out of
 * range is refused with {@code file:line}, its path ({@code nets[3].layers[5].cycles}) and what the
 * value must be. Checked: every field present with its type; cycles finite and positive; byte
 * counts whole and not negative; features finite, not negative and as many as the file declares; a
 * layer no faster than {@link #MAX_MACS_PER_CYCLE} MACs per cycle; a network's whole-run cycles
 * within {@link #RUN_TOLERANCE} of the sum of its layers' (the board measures both, and they agree
 * within a fraction of a percent on the emulated boards); network names unique; {@code measured_at}
 * an RFC 3339 instant.
 */
final class MeasurementsReader {
    /**
     * MACs per cycle no Cortex-M core reaches (the fastest, with Helium, retire 8 to 16 int8 MACs
     * per cycle): a layer reported faster than this was not measured.
     */
    static final double MAX_MACS_PER_CYCLE = 64;

    /** How far a network's run cycles may be from the sum of its layer cycles, relative. */
    static final double RUN_TOLERANCE = 0.2;

    private static final String FIX =
            "correct it, or measure again with tinyprune calibrate --out DIR";
    private static final double MAX_WHOLE =
            9.007199254740992E15; // 2^53: larger counts lose precision

    private final Path file;
    private final JsonLines lines;
    private final int featureCount;

    private MeasurementsReader(Path file, JsonLines lines, int featureCount) {
        this.file = file;
        this.lines = lines;
        this.featureCount = featureCount;
    }

    /** Reads and checks {@code file}; see the class comment. */
    static Measurements read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonElement tree;
        try {
            tree = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new IOException(
                    file
                            + " is not JSON ("
                            + e.getMessage()
                            + "); write one with tinyprune calibrate "
                            + "--out DIR (DIR/measurements.json)",
                    e);
        }
        if (!tree.isJsonObject()) {
            throw new IOException(
                    file
                            + " is not a calibration measurements file (not a JSON object); write one with "
                            + "tinyprune calibrate --out DIR (DIR/measurements.json)");
        }
        JsonObject root = tree.getAsJsonObject();
        JsonLines lines = JsonLines.of(text);
        List<String> features = new ArrayList<>();
        MeasurementsReader r = new MeasurementsReader(file, lines, 0);
        if (root.has("features")) {
            JsonArray f = r.array(root, "", "features");
            for (int i = 0; i < f.size(); i++) {
                features.add(r.string(f.get(i), "features[" + i + "]"));
            }
        }
        r =
                new MeasurementsReader(
                        file, lines, root.has("features") ? features.size() : LayerFeatures.COUNT);
        return r.measurements(root, features);
    }

    private Measurements measurements(JsonObject root, List<String> features) throws IOException {
        List<NetMeasurement> nets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonArray netArray = array(root, "", "nets");
        for (int i = 0; i < netArray.size(); i++) {
            NetMeasurement n = net(object(netArray.get(i), "nets[" + i + "]"), "nets[" + i + "]");
            if (!names.add(n.net())) {
                throw bad(
                        "nets[" + i + "].net",
                        n.net(),
                        "names a network listed earlier; each is measured once");
            }
            nets.add(n);
        }
        List<KernelProbe> probes = new ArrayList<>();
        JsonArray probeArray = array(root, "", "probes");
        for (int i = 0; i < probeArray.size(); i++) {
            probes.add(probe(object(probeArray.get(i), "probes[" + i + "]"), "probes[" + i + "]"));
        }
        String at = optionalText(root, "measured_at");
        if (!at.isBlank()) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw bad(
                        "measured_at",
                        at,
                        "is not an RFC 3339 instant such as 2026-11-25T20:01:07Z");
            }
        }
        return new Measurements(
                optionalText(root, "suite"),
                optionalText(root, "firmware"),
                optionalText(root, "compiler"),
                at,
                nets,
                probes,
                features);
    }

    private NetMeasurement net(JsonObject o, String path) throws IOException {
        String net = string(field(o, path, "net"), path + ".net");
        List<LayerSample> layers = new ArrayList<>();
        JsonArray arr = array(o, path, "layers");
        double sum = 0;
        for (int i = 0; i < arr.size(); i++) {
            String lp = path + ".layers[" + i + "]";
            JsonObject l = object(arr.get(i), lp);
            String layer = string(field(l, lp, "layer"), lp + ".layer");
            String op = string(field(l, lp, "op"), lp + ".op");
            if (!op.matches("[a-z][a-z0-9_]*")) {
                throw bad(
                        lp + ".op",
                        op,
                        "is not a cost-model key (such as \"conv\" or \"global_avgpool\")");
            }
            String kernel = l.has("kernel") ? string(l.get("kernel"), lp + ".kernel") : op;
            if (!kernel.matches("[a-z][a-z0-9_]*")) {
                throw bad(
                        lp + ".kernel",
                        kernel,
                        "is not a kernel-code key (such as \"depthwise_in_place\")");
            }
            JsonArray f = array(l, lp, "features");
            if (f.size() != featureCount) {
                throw bad(
                        lp + ".features",
                        f.size() + " values",
                        "the file declares " + featureCount + " features");
            }
            double[] feats = new double[f.size()];
            for (int k = 0; k < feats.length; k++) {
                feats[k] = number(f.get(k), lp + ".features[" + k + "]");
                if (feats[k] < 0) {
                    throw bad(
                            lp + ".features[" + k + "]",
                            feats[k],
                            "features count work (MACs, elements) and " + "cannot be negative");
                }
            }
            double cycles = positive(l, lp, "cycles");
            double macs = feats.length > LayerFeatures.MACS ? feats[LayerFeatures.MACS] : 0;
            if (cycles < macs / MAX_MACS_PER_CYCLE) {
                throw bad(
                        lp + ".cycles",
                        cycles,
                        String.format(
                                Locale.ROOT,
                                "the layer's %.0f MACs cannot run in "
                                        + "fewer than %.0f cycles (%.0f MACs per cycle at most)",
                                macs,
                                macs / MAX_MACS_PER_CYCLE,
                                MAX_MACS_PER_CYCLE));
            }
            sum += cycles;
            layers.add(new LayerSample(net, layer, op, feats, cycles, kernel));
        }
        double run = positive(o, path, "run_cycles");
        if (!layers.isEmpty() && Math.abs(run - sum) > RUN_TOLERANCE * Math.max(run, sum)) {
            throw bad(
                    path + ".run_cycles",
                    run,
                    String.format(
                            Locale.ROOT,
                            "its layers sum to %.0f cycles, %.0f %% "
                                    + "apart; the board measures both in one run, and they agree within %.0f %%",
                            sum,
                            100 * Math.abs(run - sum) / Math.max(run, sum),
                            100 * RUN_TOLERANCE));
        }
        return new NetMeasurement(
                net,
                bool(o, path, "zoo"),
                layers,
                run,
                count(o, path, "flash_image_bytes"),
                bytes(o, path, "model_flash_bytes"),
                count(o, path, "constant_bytes"),
                count(o, path, "static_ram_bytes"),
                count(o, path, "stack_used_bytes"),
                count(o, path, "planned_arena_bytes"),
                bytes(o, path, "model_arena_bytes"),
                count(o, path, "input_bytes"),
                count(o, path, "model_object_bytes"));
    }

    private KernelProbe probe(JsonObject o, String path) throws IOException {
        Map<String, Integer> sections = new TreeMap<>();
        JsonObject s = object(field(o, path, "sections"), path + ".sections");
        for (Map.Entry<String, JsonElement> e : s.entrySet()) {
            long v = whole(e.getValue(), path + ".sections." + e.getKey());
            if (v > Integer.MAX_VALUE) {
                throw bad(
                        path + ".sections." + e.getKey(),
                        v,
                        "is larger than any microcontroller's flash");
            }
            sections.put(e.getKey(), (int) v);
        }
        String op = string(field(o, path, "op"), path + ".op");
        return new KernelProbe(
                op,
                string(field(o, path, "layer"), path + ".layer"),
                count(o, path, "flash_image_bytes"),
                count(o, path, "constant_bytes"),
                count(o, path, "model_object_bytes"),
                sections);
    }

    private IOException bad(String path, Object value, String problem) {
        int line = lines.line(path);
        return new IOException(
                file
                        + (line > 0 ? ":" + line : "")
                        + ": "
                        + path
                        + (value == null ? "" : " = " + value)
                        + ": "
                        + problem
                        + "; "
                        + FIX);
    }

    private JsonElement field(JsonObject o, String path, String name) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            IOException missing = bad(path, null, "has no \"" + name + "\"");
            throw missing;
        }
        return e;
    }

    private JsonObject object(JsonElement e, String path) throws IOException {
        if (!e.isJsonObject()) {
            throw bad(path, e, "must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private JsonArray array(JsonObject o, String path, String name) throws IOException {
        JsonElement e = field(o, path, name);
        String p = path.isEmpty() ? name : path + "." + name;
        if (!e.isJsonArray()) {
            throw bad(p, e, "must be a JSON array");
        }
        return e.getAsJsonArray();
    }

    private String string(JsonElement e, String path) throws IOException {
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
            throw bad(path, e, "must be a string");
        }
        return e.getAsString();
    }

    private String optionalText(JsonObject root, String name) throws IOException {
        return root.has(name) && !root.get(name).isJsonNull() ? string(root.get(name), name) : "";
    }

    private boolean bool(JsonObject o, String path, String name) throws IOException {
        JsonElement e = field(o, path, name);
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean())) {
            throw bad(path + "." + name, e, "must be true or false");
        }
        return e.getAsBoolean();
    }

    private double number(JsonElement e, String path) throws IOException {
        if (!(e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber())) {
            throw bad(path, e, "must be a number");
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw bad(path, v, "must be a finite number");
        }
        return v;
    }

    private double positive(JsonObject o, String path, String name) throws IOException {
        double v = number(field(o, path, name), path + "." + name);
        if (!(v > 0)) {
            throw bad(
                    path + "." + name,
                    v,
                    "cycles must be a finite number > 0 (every layer and run takes time)");
        }
        return v;
    }

    private double bytes(JsonObject o, String path, String name) throws IOException {
        double v = number(field(o, path, name), path + "." + name);
        if (v < 0) {
            throw bad(path + "." + name, v, "a byte count cannot be negative");
        }
        return v;
    }

    private long count(JsonObject o, String path, String name) throws IOException {
        return whole(field(o, path, name), path + "." + name);
    }

    private long whole(JsonElement e, String path) throws IOException {
        double v = number(e, path);
        if (v < 0 || v != Math.rint(v) || v > MAX_WHOLE) {
            throw bad(path, v, "a byte count must be a whole number >= 0");
        }
        return (long) v;
    }
}
