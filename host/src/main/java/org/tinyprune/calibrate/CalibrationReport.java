package org.tinyprune.calibrate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.report.BarChart;
import org.tinyprune.report.LineChart;

/**
 * Writes what a calibration found into its output folder: {@code calibration.json} (coefficients,
 * overheads, per-model held-out errors), {@code calibration.md} (the same as tables, with the
 * command that reproduces it), {@code latency-layers.png} and {@code latency-layers-ratio.png}
 * (predicted against measured cycles of every layer) and {@code latency-heldout.png} (each held-out
 * model, measured against predicted).
 */
public final class CalibrationReport {
    private CalibrationReport() {}

    /**
     * Writes the report files.
     *
     * @param dir output folder
     * @param c the calibration
     * @param board board name
     * @param command the command line that reproduces it
     * @param note what "cycles" are on this board (e.g. QEMU instruction counts)
     */
    public static void write(Path dir, Calibration c, String board, String command, String note)
            throws IOException {
        AtomicFiles.writeString(dir.resolve("calibration.md"), markdown(c, board, command, note));
        layersChart(c).write(dir.resolve("latency-layers.png"));
        ratioChart(c).write(dir.resolve("latency-layers-ratio.png"));
        List<String> names = c.heldOut().stream().map(HeldOut::net).toList();
        new BarChart(
                        "Held-out zoo models on " + board + ": whole-run cycles",
                        "model",
                        "cycles",
                        names)
                .series(
                        "measured",
                        c.heldOut().stream().mapToDouble(HeldOut::measuredCycles).toArray())
                .series(
                        "predicted (fit without the model)",
                        c.heldOut().stream().mapToDouble(HeldOut::predictedCycles).toArray())
                .write(dir.resolve("latency-heldout.png"));
        // last: a folder with calibration.json holds the whole report
        AtomicFiles.writeString(
                dir.resolve("calibration.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json(c, board, command, note))
                        + "\n");
    }

    private static LineChart layersChart(Calibration c) {
        List<LayerSample> all = new ArrayList<>();
        c.nets().forEach(n -> all.addAll(n.layers()));
        all.sort(Comparator.comparingDouble(LayerSample::cycles));
        double[] x = new double[all.size()];
        double[] measured = new double[all.size()];
        double[] predicted = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            x[i] = i;
            measured[i] = all.get(i).cycles();
            predicted[i] = c.fit().predict(all.get(i));
        }
        return new LineChart(
                        "Per-layer cycles, layers sorted by measured", "layer (rank)", "cycles")
                .series("measured", x, measured)
                .series("predicted", x, predicted);
    }

    /** Predicted / measured per layer, same order, so small layers are visible too. */
    private static LineChart ratioChart(Calibration c) {
        List<LayerSample> all = new ArrayList<>();
        c.nets().forEach(n -> all.addAll(n.layers()));
        all.sort(Comparator.comparingDouble(LayerSample::cycles));
        double[] x = new double[all.size()];
        double[] ratio = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            x[i] = i;
            ratio[i] = c.fit().predict(all.get(i)) / Math.max(1, all.get(i).cycles());
        }
        return new LineChart(
                        "Per-layer predicted / measured cycles, layers sorted by measured",
                        "layer (rank)",
                        "predicted / measured")
                .series("ratio", x, ratio)
                .reference("exact", 1);
    }

    private static JsonObject json(Calibration c, String board, String command, String note) {
        JsonObject o = new JsonObject();
        o.addProperty("board", board);
        o.addProperty("command", command);
        o.addProperty("cycles", note);
        o.addProperty("networks", c.nets().size());
        o.addProperty("layers", c.nets().stream().mapToInt(n -> n.layers().size()).sum());
        o.addProperty("fit_run_error_rms", c.fitRunError());
        o.addProperty("fit_layer_error_rms", c.fit().layerError(c.nets()));
        o.addProperty("gap_cycles_per_layer", c.fit().gapPerLayer());
        o.addProperty("heldout_latency_mape", c.heldOutLatencyMape());
        o.addProperty("heldout_latency_max", c.heldOutLatencyMax());
        o.addProperty("heldout_latency_rms", c.heldOutLatencyRms());
        o.addProperty("latency_margin", c.latencyMargin());
        JsonObject ops = new JsonObject();
        for (LatencyFit.OpFit f : c.fit().ops().values()) {
            JsonObject op = new JsonObject();
            JsonArray k = new JsonArray();
            for (double v : f.coefficients()) {
                k.add(v);
            }
            op.add("coefficients", k);
            op.addProperty("samples", f.samples());
            op.addProperty("fit_error", f.fitError());
            ops.add(f.op(), op);
        }
        o.add("ops", ops);
        o.addProperty("runtime_flash_bytes", c.flash().runtimeFlashBytes());
        JsonObject layerFlash = new JsonObject();
        c.flash().code().layerBytes().forEach(layerFlash::addProperty);
        o.add("layer_flash_bytes", layerFlash);
        o.addProperty("flash_bytes_per_name_byte", c.flash().code().perNameByte());
        JsonObject kernels = new JsonObject();
        c.flash()
                .code()
                .kernelSections()
                .keySet()
                .forEach(op -> kernels.addProperty(op, c.flash().code().kernels(List.of(op))));
        o.add("kernel_code_bytes", kernels);
        o.addProperty("runtime_sram_bytes", c.overheads().runtimeSramBytes());
        o.addProperty("stack_bytes", c.overheads().stackBytes());
        o.addProperty("stack_bytes_per_layer", c.overheads().stackPerLayer());
        JsonArray held = new JsonArray();
        for (HeldOut h : c.heldOut()) {
            JsonObject m = new JsonObject();
            m.addProperty("model", h.net());
            m.addProperty("measured_cycles", h.measuredCycles());
            m.addProperty("predicted_cycles", h.predictedCycles());
            m.addProperty("latency_error", h.latencyError());
            m.addProperty("measured_flash_bytes", h.measuredFlash());
            m.addProperty("predicted_flash_bytes", h.predictedFlash());
            m.addProperty("flash_error", h.flashError());
            m.addProperty("measured_sram_bytes", h.measuredSram());
            m.addProperty("predicted_sram_bytes", h.predictedSram());
            m.addProperty("sram_error_bytes", h.sramErrorBytes());
            m.addProperty("measured_stack_bytes", h.measuredStack());
            m.addProperty("predicted_stack_bytes", h.predictedStack());
            held.add(m);
        }
        o.add("heldout", held);
        return o;
    }

    /** The report as Markdown. */
    static String markdown(Calibration c, String board, String command, String note) {
        StringBuilder s = new StringBuilder();
        s.append("# Calibration of ").append(board).append("\n\n");
        s.append("Reproduce: `").append(command).append("`\n\n").append(note).append("\n\n");
        s.append(
                f(
                        "%d networks, %d layers. Whole-run latency fit error (RMS): %.2f %%. Per-layer RMS: %.1f %%.%n%n",
                        c.nets().size(),
                        c.nets().stream().mapToInt(n -> n.layers().size()).sum(),
                        100 * c.fitRunError(),
                        100 * c.fit().layerError(c.nets())));
        s.append("## Held-out zoo and pruned models (each architecture left out of the fit)\n\n");
        s.append(
                "| model | measured cycles | predicted | error | flash measured | predicted | error "
                        + "| SRAM measured (static + stack) | predicted | error (bytes) | stack measured / predicted |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HeldOut h : c.heldOut()) {
            s.append(
                    f(
                            "| %s | %.0f | %.0f | %+.2f %% | %.0f | %.0f | %+.2f %% | %.0f | %.0f | %+.0f | %.0f / %.0f |%n",
                            h.net(),
                            h.measuredCycles(),
                            h.predictedCycles(),
                            100 * h.latencyError(),
                            h.measuredFlash(),
                            h.predictedFlash(),
                            100 * h.flashError(),
                            h.measuredSram(),
                            h.predictedSram(),
                            h.sramErrorBytes(),
                            h.measuredStack(),
                            h.predictedStack()));
        }
        s.append(
                f(
                        "%nHeld-out latency: MAPE %.2f %%, worst %.2f %%. Flash: MAPE %.2f %%, range %+.2f %% to %+.2f %%. "
                                + "SRAM error range %+.0f to %+.0f bytes.%n%n",
                        100 * c.heldOutLatencyMape(),
                        100 * c.heldOutLatencyMax(),
                        100 * c.heldOutFlashMape(),
                        100 * c.heldOut().stream().mapToDouble(HeldOut::flashError).min().orElse(0),
                        100 * c.heldOut().stream().mapToDouble(HeldOut::flashError).max().orElse(0),
                        c.heldOut().stream().mapToDouble(HeldOut::sramErrorBytes).min().orElse(0),
                        c.heldOut().stream().mapToDouble(HeldOut::sramErrorBytes).max().orElse(0)));
        s.append(
                f(
                        "Latency margin (largest held-out under-prediction, measured / predicted - 1): %.2f %%. The pruner "
                                + "plans a latency budget B at B / (1 + margin).%n%n",
                        100 * c.latencyMargin()));
        s.append(
                "## Coefficients (cycles per MAC, output element, input element read, layer, output pixel, tail MAC, "
                        + "odd-channel pixel)\n\n");
        s.append(
                "| op | per MAC | per output | per input read | constant | per pixel | per tail MAC | per odd-channel "
                        + "pixel | layers | fit error (RMS) |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LatencyFit.OpFit o : c.fit().ops().values()) {
            double[] k = o.coefficients();
            s.append(
                    f(
                            "| %s | %.4f | %.3f | %.3f | %.1f | %.1f | %.2f | %.1f | %d | %.1f %% |%n",
                            o.op(),
                            k[0],
                            k[1],
                            k[2],
                            k[3],
                            k[4],
                            k[5],
                            k[6],
                            o.samples(),
                            100 * o.fitError()));
        }
        Overheads o = c.overheads();
        s.append(
                f(
                        "%nRuntime static SRAM %d bytes, stack %d bytes + %.1f per layer.%n%n",
                        o.runtimeSramBytes(), o.stackBytes(), o.stackPerLayer()));
        s.append("## Flash (from the linker maps)\n\n");
        s.append(
                f(
                        "Runtime %d bytes; layer names %.2f bytes per byte.%n%n",
                        c.flash().runtimeFlashBytes(), c.flash().code().perNameByte()));
        s.append(
                "| op | bytes per layer | kernel code linked (bytes, sections) |\n|---|---:|---:|\n");
        c.flash()
                .code()
                .kernelSections()
                .forEach(
                        (op, sections) ->
                                s.append(
                                        f(
                                                "| %s | %.1f | %d (%d) |%n",
                                                op,
                                                c.flash().code().layerBytes().getOrDefault(op, 0.0),
                                                c.flash().code().kernels(List.of(op)),
                                                sections.size())));
        return s.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
