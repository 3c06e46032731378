package org.tinyprune.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tinyprune.io.AtomicFiles;
import org.tinyprune.plan.MemoryPlan;

/**
 * Generated sources of one model and the facts about them.
 *
 * @param header {@code model.h}
 * @param source {@code model.c}
 * @param plan the memory plan the code uses
 * @param weightsHash {@code TP_MODEL_WEIGHTS_HASH}
 * @param constantBytes bytes of all const arrays (weights, biases, multipliers, shifts)
 * @param layerNames {@code tp_model_layer_names}, in execution order
 */
public record GeneratedModel(
        String header,
        String source,
        MemoryPlan plan,
        int weightsHash,
        long constantBytes,
        List<String> layerNames) {
    /** Copies the list. */
    public GeneratedModel {
        layerNames = List.copyOf(layerNames);
    }

    /**
     * Writes {@code model.h} and {@code model.c} into {@code dir} (created if needed), each
     * atomically.
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("model.h"), header);
        AtomicFiles.writeString(dir.resolve("model.c"), source);
    }
}
