package org.tinyprune.run;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.report.LineChart;
import org.tinyprune.train.EpochResult;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;

/**
 * Records every epoch's loss and accuracies into {@code history.json} (rewritten atomically after
 * each epoch, reloaded on resume) and draws the training curves as {@code training.png}.
 */
public final class TrainingHistory implements TrainingListener {
    private final Path file;
    private final List<Map<String, Object>> epochs = new ArrayList<>();

    /** A history kept in {@code dir/history.json}; loads the epochs already there (resume). */
    public TrainingHistory(Path dir) throws IOException {
        this.file = dir.resolve("history.json");
        if (Files.exists(file)) {
            for (JsonElement e : Json.read(file).getAsJsonArray()) {
                Map<String, Object> m = new LinkedHashMap<>();
                e.getAsJsonObject()
                        .entrySet()
                        .forEach(en -> m.put(en.getKey(), en.getValue().getAsDouble()));
                epochs.add(m);
            }
        }
    }

    @Override
    public void onTrainingStart(Trainer trainer, int startEpoch, int total) {
        epochs.removeIf(m -> ((Number) m.get("epoch")).intValue() >= startEpoch);
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch() + 1);
        m.put("loss", r.loss());
        m.put("train_accuracy", r.accuracy());
        m.put("validation_accuracy", r.validationAccuracy());
        m.put("samples_per_second", r.samplesPerSecond());
        m.put("seconds", r.seconds());
        m.put("params", (double) trainer.graph().paramCount());
        epochs.add(m);
        try {
            Json.write(file, epochs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The recorded epochs, oldest first. */
    public List<Map<String, Object>> epochs() {
        return epochs;
    }

    /** Total training seconds over all recorded epochs (including those before a resume). */
    public double seconds() {
        return column("seconds").stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Draws loss and accuracies per epoch into {@code png}. */
    public void plot(Path png, String title) throws IOException {
        double[] x = column("epoch").stream().mapToDouble(Double::doubleValue).toArray();
        new LineChart(title, "epoch", "accuracy / loss")
                .series("train accuracy", x, array("train_accuracy"))
                .series("validation accuracy", x, array("validation_accuracy"))
                .series("train loss", x, array("loss"))
                .write(png);
    }

    private double[] array(String key) {
        return column(key).stream().mapToDouble(d -> Double.isNaN(d) ? 0 : d).toArray();
    }

    private List<Double> column(String key) {
        List<Double> c = new ArrayList<>();
        for (Map<String, Object> m : epochs) {
            c.add(((Number) m.get(key)).doubleValue());
        }
        return c;
    }
}
