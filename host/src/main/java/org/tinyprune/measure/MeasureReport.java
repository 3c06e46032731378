package org.tinyprune.measure;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.bench.LayerCycles;

/**
 * The figures of one {@code tinyprune measure} run, written as {@code measure.json}.
 *
 * @param board board name
 * @param port serial device used
 * @param identity what the firmware reported about itself
 * @param expectedModelHash the weights hash of the generated model
 * @param latency the timed windows
 * @param layers per-layer cycles
 * @param memory static RAM, arena, stack
 * @param flashBytes bytes of the flashed image
 * @param plannedArenaBytes the memory planner's arena
 * @param accuracy on-device accuracy and agreement with the host reference
 */
public record MeasureReport(
        String board,
        String port,
        DeviceIdentity identity,
        String expectedModelHash,
        Latency latency,
        List<LayerCycles> layers,
        DeviceMemory memory,
        long flashBytes,
        long plannedArenaBytes,
        DeviceAccuracy accuracy) {

    /** Returns the report as a JSON object (snake_case keys). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("board", board);
        o.addProperty("port", port);
        o.addProperty("emulated", identity.emulated());
        o.addProperty("cycle_unit", identity.cycleUnit());
        o.addProperty("timer", identity.timer());
        o.addProperty("cycle_resolution", identity.cycleResolution());
        o.addProperty("clock_hz", identity.clockHz());
        if (identity.emulated()) {
            o.addProperty(
                    "note",
                    "emulated board: cycles are QEMU -icount shift=0 instruction counts "
                            + "(resolution "
                            + identity.cycleResolution()
                            + "), not silicon timing");
        }
        o.addProperty("model_hash", identity.modelHash());
        o.addProperty(
                "model_hash_matches", identity.modelHash().equalsIgnoreCase(expectedModelHash));
        o.addProperty("latency_cycles", latency.medianCycles());
        o.addProperty("latency_runs_per_window", latency.runs());
        JsonArray windows = new JsonArray();
        latency.windowCycles().forEach(windows::add);
        o.add("latency_window_cycles", windows);
        JsonArray perLayer = new JsonArray();
        for (LayerCycles l : layers) {
            JsonObject j = new JsonObject();
            j.addProperty("index", l.index());
            j.addProperty("name", l.name());
            j.addProperty("cycles", l.cycles());
            perLayer.add(j);
        }
        o.add("per_layer_cycles", perLayer);
        o.addProperty("static_ram_bytes", memory.staticRamBytes());
        o.addProperty("data_bytes", memory.dataBytes());
        o.addProperty("bss_bytes", memory.bssBytes());
        o.addProperty("arena_bytes", memory.arenaBytes());
        o.addProperty("planned_arena_bytes", plannedArenaBytes);
        o.addProperty("stack_bytes", memory.stackUsedBytes());
        o.addProperty("stack_reserved_bytes", memory.stackSizeBytes());
        o.addProperty("sram_used_bytes", memory.sramUsedBytes());
        o.addProperty("flash_bytes", flashBytes);
        o.addProperty("device_accuracy", accuracy.accuracy());
        o.addProperty(
                "host_accuracy",
                accuracy.samples() == 0 ? 0 : (double) accuracy.hostCorrect() / accuracy.samples());
        o.addProperty("device_samples", accuracy.samples());
        o.addProperty("device_matches_host", accuracy.matchesHost());
        o.addProperty("device_outputs_equal_to_host", accuracy.matchingHost());
        JsonArray first = new JsonArray();
        accuracy.firstMismatches().forEach(first::add);
        o.add("first_mismatched_samples", first);
        return o;
    }

    /**
     * Writes {@link #toJson()} to {@code file} atomically (temporary file beside it, then rename).
     *
     * @param file e.g. {@code DIR/measure.json}
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(
                file, new GsonBuilder().setPrettyPrinting().create().toJson(toJson()) + "\n");
    }
}
