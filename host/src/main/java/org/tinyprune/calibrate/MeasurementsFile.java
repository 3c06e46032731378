package org.tinyprune.calibrate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.resource.LayerFeatures;

/**
 * The raw measurements of a calibration as JSON ({@code measurements.json}), so a fit can be
 * repeated or checked without the board ({@code tinyprune calibrate --measurements FILE}). The file
 * names the latency features its layers carry; a file with other features was written by another
 * version of the resource model, and {@link SuiteFeatures} recomputes them before a refit.
 */
public final class MeasurementsFile {
    /**
     * Names of the latency features, in {@link LayerFeatures} order (stored to detect stale files).
     */
    public static final List<String> FEATURES =
            List.of(
                    "macs",
                    "output_elements",
                    "input_reads",
                    "constant",
                    "output_pixels",
                    "simd_tail_macs",
                    "odd_channel_pixels");

    private MeasurementsFile() {}

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
        AtomicFiles.writeString(
                file, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
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
            if (!s.kernel().equals(s.op())) {
                l.addProperty("kernel", s.kernel());
            }
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
     * Reads measurements written by {@link #write}, checking every row ({@link
     * MeasurementsReader}).
     *
     * @return the measurements, with the feature names the file declares (see {@link
     *     Measurements#currentFeatures()})
     * @throws IOException when the file is unreadable, or a field is missing or out of range: the
     *     message gives {@code file:line}, the field's path and the range
     */
    public static Measurements read(Path file) throws IOException {
        return MeasurementsReader.read(file);
    }
}
