package org.tinyprune.run;

import com.google.gson.JsonObject;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.provenance.Fingerprints;

/**
 * The stages of {@code prune-and-flash} as {@link StageRecord}s (what {@code --resume} compares),
 * and its last stage: the joined report and its human version.
 */
public final class PruneAndFlash {
    /** The prune stage's folder in the run directory. */
    public static final String PRUNE = "prune";

    /** The measure stage's folder in the run directory. */
    public static final String MEASURE = "measure";

    private static final String[] PLOTS = {
        "channels.png", "accuracy.png", "sram.png", "flash.png", "latency.png", "macs.png"
    };

    private PruneAndFlash() {}

    /**
     * The prune stage (train, prune, quantise, export): every option of {@code config} and the
     * board's cost model, which the pruner plans with.
     */
    public static StageRecord pruneStage(PruneConfig config, BoardProfile profile) {
        Map<String, Object> c = new LinkedHashMap<>(config.asMap());
        c.put("board_cost_model", fingerprint(profile.getCostModel()));
        return StageRecord.of(PRUNE, c, Map.of());
    }

    /**
     * The measure stage (codegen, build, flash, run on the board): the board and how it is reached,
     * the profile's build settings (everything but its cost model), the samples and their dataset;
     * its input is the prune stage's {@code model_int8.onnx}.
     *
     * @param port the serial port, or null for the emulated board
     * @throws IOException if the model cannot be read
     */
    public static StageRecord measureStage(
            PruneConfig config, BoardProfile profile, String port, int samples, Path model)
            throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("board", profile.getName());
        c.put("board_build", fingerprint(profile.toBuilder().clearCostModel().build()));
        c.put("port", port == null ? "emulated" : port);
        c.put("samples", samples);
        c.put("dataset", config.train().dataset());
        c.put("data_dir", config.train().dataDir() == null ? "default" : config.train().dataDir());
        return StageRecord.of(
                MEASURE, c, Map.of(model.getFileName().toString(), Fingerprints.sha256(model)));
    }

    /** A fingerprint of a protobuf message's deterministic encoding (map entries sorted). */
    static String fingerprint(Message m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            m.writeTo(out);
            out.flush();
            return Fingerprints.sha256(bytes.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // writing to memory
        }
    }

    /**
     * Writes {@code out/report.json} (the prune report plus measured figures, device accuracy and
     * prediction errors) and {@code out/report.md} with its plots.
     *
     * @return the joined report
     */
    public static JsonObject report(Path out, Path pruneDir, Path measureDir) throws IOException {
        return report(out, pruneDir, measureDir, new JsonObject());
    }

    /**
     * The prune stage's report joined with the measure stage's figures, written nowhere.
     *
     * @throws IOException if either file cannot be read
     */
    public static JsonObject combine(Path pruneDir, Path measureDir) throws IOException {
        JsonObject prune = Json.read(pruneDir.resolve("report.json")).getAsJsonObject();
        JsonObject measure = Json.read(measureDir.resolve("measure.json")).getAsJsonObject();
        return PruneAndFlashReport.combine(prune, measure);
    }

    /**
     * As {@link #report(Path, Path, Path)}, with {@code extra}'s members (the calibration loop's
     * rounds, say) added to the joined report.
     */
    public static JsonObject report(Path out, Path pruneDir, Path measureDir, JsonObject extra)
            throws IOException {
        JsonObject joined = combine(pruneDir, measureDir);
        extra.entrySet().forEach(e -> joined.add(e.getKey(), e.getValue()));
        for (String plot : PLOTS) {
            Path src = pruneDir.resolve(plot);
            if (Files.exists(src)) {
                AtomicFiles.copy(src, out.resolve(plot));
            }
        }
        PruneAndFlashReport.writeMarkdown(out, joined);
        AtomicFiles.writeString(out.resolve("report.json"), PruneAndFlashReport.toJson(joined));
        return joined;
    }
}
