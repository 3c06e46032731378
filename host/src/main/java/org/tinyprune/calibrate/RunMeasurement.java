package org.tinyprune.calibrate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.LinkerMap;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * A network measured by {@code tinyprune measure} ({@code measure.json} and the build's linker map)
 * as a calibration measurement: each timed layer with the features the resource model gives it in
 * the generated code's plan, as {@link SuiteRunner} records the suite's networks. Every figure read
 * from the file is checked before it is believed.
 */
public final class RunMeasurement {
    private RunMeasurement() {}

    /**
     * Builds the measurement.
     *
     * @param name its name in the store, {@code <architecture>@<tag>} (held out with its
     *     architecture)
     * @param model the quantised model that was measured, as code generation reads it
     * @param measure the measure stage's {@code measure.json}
     * @param map the measured firmware's linker map
     * @throws IOException when a file is unreadable, a figure is missing or out of range, or the
     *     board timed a layer the model does not have (the message names file and field)
     */
    public static NetMeasurement of(String name, DeviceModel model, Path measure, Path map)
            throws IOException {
        JsonObject m;
        try {
            m =
                    JsonParser.parseString(Files.readString(measure, StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(
                    measure + " is not a measure.json (" + e.getMessage() + "); measure again", e);
        }
        if (m.has("model_hash")
                && !m.get("model_hash").getAsString().equalsIgnoreCase(model.weightsHash())) {
            throw new IOException(
                    measure
                            + ": model_hash "
                            + m.get("model_hash").getAsString()
                            + " is not the model's "
                            + model.weightsHash()
                            + "; the measurement belongs to another model, measure again");
        }
        ResourceModel rm = ResourceModel.of(model.generated().plan(), Overheads.NONE);
        Map<String, LayerFeatures> index = new HashMap<>();
        for (LayerFeatures f : rm.features()) {
            index.put(f.node(), f);
        }
        List<LayerSample> layers = new ArrayList<>();
        JsonArray timed = field(m, measure, "per_layer_cycles").getAsJsonArray();
        double sum = 0;
        for (int i = 0; i < timed.size(); i++) {
            JsonObject l = timed.get(i).getAsJsonObject();
            String layer = field(l, measure, "name").getAsString();
            double cycles = positive(l, measure, "cycles", "per_layer_cycles[" + i + "].cycles");
            LayerFeatures f = index.get(layer);
            if (f == null || f.opKey() == null) {
                throw new IOException(
                        measure
                                + ": per_layer_cycles["
                                + i
                                + "] times layer '"
                                + layer
                                + "', which "
                                + "the model "
                                + (f == null ? "does not have" : "runs no priced op for")
                                + "; the measurement belongs to another model, measure again");
            }
            sum += cycles;
            layers.add(
                    new LayerSample(name, f.node(), f.opKey(), f.values(), cycles, f.kernelKey()));
        }
        double run = positive(m, measure, "latency_cycles", "latency_cycles");
        if (layers.isEmpty()
                || Math.abs(run - sum) > MeasurementsReader.RUN_TOLERANCE * Math.max(run, sum)) {
            throw new IOException(
                    measure
                            + ": latency_cycles "
                            + run
                            + " and the per-layer cycles (sum "
                            + sum
                            + ") disagree by more than "
                            + Math.round(100 * MeasurementsReader.RUN_TOLERANCE)
                            + " %; the board "
                            + "measures both in one run, so measure again");
        }
        ResourceEstimate e = rm.evaluate();
        LinkerMap linked = LinkerMap.read(map);
        String object = linked.objectOf(".text.tp_model_run");
        if (object == null) {
            throw new IOException(
                    map
                            + " links no .text.tp_model_run; build with -ffunction-sections (device-runtime "
                            + "Makefile)");
        }
        return new NetMeasurement(
                name,
                true,
                layers,
                run,
                count(m, measure, "flash_bytes"),
                e.flashBytes().value(),
                model.generated().constantBytes(),
                count(m, measure, "static_ram_bytes"),
                count(m, measure, "stack_bytes"),
                model.generated().plan().arenaBytes(),
                e.arenaBytes().value(),
                model.inputBytes(),
                linked.bytesOf(object));
    }

    private static JsonElement field(JsonObject o, Path file, String name) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IOException(
                    file + " has no " + name + "; measure again with this version of tinyprune");
        }
        return e;
    }

    private static double positive(JsonObject o, Path file, String name, String path)
            throws IOException {
        double v = number(o, file, name, path);
        if (!(v > 0)) {
            throw new IOException(
                    file
                            + ": "
                            + path
                            + " = "
                            + v
                            + " must be > 0 (every run takes time); measure again");
        }
        return v;
    }

    private static long count(JsonObject o, Path file, String name) throws IOException {
        double v = number(o, file, name, name);
        if (v < 0 || v != Math.rint(v)) {
            throw new IOException(
                    file + ": " + name + " = " + v + " must be a whole number >= 0; measure again");
        }
        return (long) v;
    }

    private static double number(JsonObject o, Path file, String name, String path)
            throws IOException {
        JsonElement e = field(o, file, name);
        if (!e.isJsonPrimitive()
                || !e.getAsJsonPrimitive().isNumber()
                || !Double.isFinite(e.getAsDouble())) {
            throw new IOException(
                    file + ": " + path + " = " + e + " must be a finite number; measure again");
        }
        return e.getAsDouble();
    }
}
