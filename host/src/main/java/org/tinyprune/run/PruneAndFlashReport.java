package org.tinyprune.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.report.BarChart;

/**
 * Joins the prune stage's {@code report.json} with the measure stage's {@code measure.json}:
 * measured figures, prediction errors, on-device accuracy, and a Markdown report with plots of
 * budgets against predicted against measured and per-layer predicted against measured latency.
 */
final class PruneAndFlashReport {
    private static final String[] KEYS = {"flash_bytes", "sram_bytes", "latency_cycles"};

    private PruneAndFlashReport() {}

    static JsonObject combine(JsonObject prune, JsonObject measure) {
        JsonObject r = prune.deepCopy();
        JsonObject measured = new JsonObject();
        long staticRam = measure.get("static_ram_bytes").getAsLong();
        long stack = measure.get("stack_bytes").getAsLong();
        measured.addProperty("flash_bytes", measure.get("flash_bytes").getAsLong());
        measured.addProperty("static_ram_bytes", staticRam);
        measured.addProperty("stack_bytes", stack);
        if (measure.has("stack_reserved_bytes")) {
            measured.addProperty(
                    "stack_reserved_bytes", measure.get("stack_reserved_bytes").getAsLong());
        }
        measured.addProperty("sram_bytes", staticRam + stack);
        measured.addProperty("latency_cycles", measure.get("latency_cycles").getAsLong());
        measured.add("per_layer_cycles", measure.get("per_layer_cycles"));
        if (measure.has("note")) {
            measured.add("note", measure.get("note"));
        }
        r.add("measured", measured);
        JsonObject accuracy = r.getAsJsonObject("accuracy");
        accuracy.add("device_int8", measure.get("device_accuracy"));
        r.add("device_samples", measure.get("device_samples"));
        r.add("device_matches_host", measure.get("device_matches_host"));
        JsonObject errors = new JsonObject();
        JsonObject predicted = r.getAsJsonObject("predicted");
        for (String k : KEYS) {
            double p = predicted.get(k).getAsDouble();
            double m = measured.get(k).getAsDouble();
            errors.addProperty(k, m == 0 ? null : (p - m) / m);
        }
        r.add("prediction_error", errors);
        return r;
    }

    static void writeMarkdown(Path dir, JsonObject r) throws IOException {
        JsonObject b = r.getAsJsonObject("budgets");
        JsonObject p = r.getAsJsonObject("predicted");
        JsonObject m = r.getAsJsonObject("measured");
        List<String> names = List.of("flash bytes", "SRAM bytes", "latency cycles");
        double[][] v = new double[3][3];
        for (int i = 0; i < 3; i++) {
            v[0][i] = b.get(KEYS[i]).isJsonNull() ? 0 : b.get(KEYS[i]).getAsDouble();
            v[1][i] = p.get(KEYS[i]).getAsDouble();
            v[2][i] = m.get(KEYS[i]).getAsDouble();
        }
        for (int i = 0; i < 3; i++) {
            new BarChart(
                            names.get(i) + ": budget, predicted, measured",
                            "",
                            names.get(i),
                            List.of("budget", "predicted", "measured"))
                    .series(names.get(i), new double[] {v[0][i], v[1][i], v[2][i]})
                    .write(dir.resolve("budget_" + KEYS[i] + ".png"));
        }
        writeLayerChart(
                dir,
                r.getAsJsonObject("predicted_layer_cycles"),
                m.getAsJsonArray("per_layer_cycles"));
        StringBuilder md = new StringBuilder();
        md.append("# tinyprune prune-and-flash report\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Method `%s`. Accuracy: float %.2f%%, int8 (host) %.2f%%, int8 on the board "
                                + "%.2f%% over %d samples; every device output equal to the host int8 reference: **%s**.%n%n",
                        r.get("method").getAsString(),
                        100 * r.getAsJsonObject("accuracy").get("float").getAsDouble(),
                        100 * r.getAsJsonObject("accuracy").get("int8").getAsDouble(),
                        100 * r.getAsJsonObject("accuracy").get("device_int8").getAsDouble(),
                        r.get("device_samples").getAsInt(),
                        r.get("device_matches_host").getAsBoolean()));
        if (m.has("note")) {
            md.append("Note: ").append(m.get("note").getAsString()).append(".\n\n");
        }
        md.append(
                "| resource | budget | base | predicted | measured | prediction error |\n|---|---|---|---|---|---|\n");
        JsonObject base = r.getAsJsonObject("base");
        JsonObject err = r.getAsJsonObject("prediction_error");
        for (int i = 0; i < 3; i++) {
            JsonElement e = err.get(KEYS[i]);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.0f | %.0f | %s |%n",
                            names.get(i),
                            b.get(KEYS[i]).isJsonNull() ? "none" : b.get(KEYS[i]).getAsString(),
                            base.get(KEYS[i]).getAsString(),
                            v[1][i],
                            v[2][i],
                            e.isJsonNull()
                                    ? "n/a"
                                    : String.format(
                                            Locale.ROOT, "%+.2f%%", 100 * e.getAsDouble())));
        }
        md.append("\nSRAM measured = static RAM (.data + .bss) + stack high-water mark.\n");
        if (r.has("rounds")) {
            appendRounds(md, r.getAsJsonArray("rounds"));
        }
        JsonElement planned =
                r.has("planning_budgets")
                        ? r.getAsJsonObject("planning_budgets").get(KEYS[2])
                        : null;
        if (planned != null && !planned.isJsonNull() && r.get("latency_margin").getAsDouble() > 0) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "The pruner planned latency at %,d cycles: the budget / (1 + the "
                                    + "board's calibrated latency margin %.2f %%).%n",
                            planned.getAsLong(),
                            100 * r.get("latency_margin").getAsDouble()));
        }
        if (r.has("kept_whole") && !r.getAsJsonArray("kept_whole").isEmpty()) {
            md.append("\nChannel groups kept whole (not pruned), and why:\n\n");
            for (JsonElement line : r.getAsJsonArray("kept_whole")) {
                md.append("- ").append(line.getAsString()).append('\n');
            }
        }
        md.append("\n");
        for (String k : KEYS) {
            md.append("![").append(k).append("](budget_").append(k).append(".png)\n");
        }
        md.append(
                "\n![per-layer latency](layer_cycles.png)\n![channels](channels.png)\n![accuracy](accuracy.png)\n");
        md.append("![SRAM over training](sram.png) ![flash over training](flash.png)\n");
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
    }

    /** The calibration loop's rounds as a table, with what became of each refit. */
    private static void appendRounds(StringBuilder md, JsonArray rounds) {
        md.append(
                "\nCalibration loop (latency, cycles; error = (predicted - measured) / measured):\n\n");
        md.append(
                "| round | folder | margin | planned | predicted | measured | error | budget | refit |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (JsonElement e : rounds) {
            JsonObject o = e.getAsJsonObject();
            JsonElement budget = o.get("latency_budget_cycles");
            JsonElement planned = o.get("planned_latency_cycles");
            JsonObject rec = o.has("recalibration") ? o.getAsJsonObject("recalibration") : null;
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %s | %.2f %% | %s | %,d | %,d | %+.2f %% | %s | %s |%n",
                            o.get("round").getAsInt(),
                            o.get("dir").getAsString(),
                            100 * o.get("latency_margin").getAsDouble(),
                            planned.isJsonNull()
                                    ? "-"
                                    : String.format(Locale.ROOT, "%,d", planned.getAsLong()),
                            o.get("predicted_latency_cycles").getAsLong(),
                            o.get("measured_latency_cycles").getAsLong(),
                            100 * o.get("prediction_error").getAsDouble(),
                            budget.isJsonNull()
                                    ? "none"
                                    : String.format(
                                            Locale.ROOT,
                                            "%,d %s",
                                            budget.getAsLong(),
                                            o.get("met_budget").getAsBoolean() ? "met" : "missed"),
                            rec == null
                                    ? "off (--no-recalibrate)"
                                    : rec.get("reason").getAsString()));
        }
        md.append('\n');
    }

    private static void writeLayerChart(Path dir, JsonObject predicted, JsonArray measured)
            throws IOException {
        List<String> names = new ArrayList<>();
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (JsonElement e : measured) {
            String name = e.getAsJsonObject().get("name").getAsString();
            double p = predicted.has(name) ? predicted.get(name).getAsDouble() : 0;
            rows.put(name, new double[] {p, e.getAsJsonObject().get("cycles").getAsDouble()});
            names.add(name);
        }
        new BarChart("per-layer latency (cycles)", "layer", "cycles", names)
                .series("predicted", rows.values().stream().mapToDouble(x -> x[0]).toArray())
                .series("measured", rows.values().stream().mapToDouble(x -> x[1]).toArray())
                .write(dir.resolve("layer_cycles.png"));
    }

    static String toJson(JsonObject r) {
        return new com.google.gson.GsonBuilder()
                        .setPrettyPrinting()
                        .serializeNulls()
                        .create()
                        .toJson(r)
                + "\n";
    }
}
