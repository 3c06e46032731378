package org.tinyprune.run;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyprune.report.Files2;

/** The last stage of {@code prune-and-flash}: the joined report and its human version. */
public final class PruneAndFlash {
    private static final String[] PLOTS = {"channels.png", "accuracy.png", "sram.png", "flash.png", "latency.png",
        "macs.png"};

    private PruneAndFlash() {
    }

    /**
     * Writes {@code out/report.json} (the prune report plus measured figures, device accuracy and
     * prediction errors) and {@code out/report.md} with its plots.
     *
     * @return the joined report
     */
    public static JsonObject report(Path out, Path pruneDir, Path measureDir) throws IOException {
        JsonObject prune = Json.read(pruneDir.resolve("report.json")).getAsJsonObject();
        JsonObject measure = Json.read(measureDir.resolve("measure.json")).getAsJsonObject();
        JsonObject joined = PruneAndFlashReport.combine(prune, measure);
        for (String plot : PLOTS) {
            Path src = pruneDir.resolve(plot);
            if (Files.exists(src)) {
                Files2.writeAtomically(out.resolve(plot), o -> Files.copy(src, o));
            }
        }
        PruneAndFlashReport.writeMarkdown(out, joined);
        Files2.writeString(out.resolve("report.json"), PruneAndFlashReport.toJson(joined));
        return joined;
    }
}
