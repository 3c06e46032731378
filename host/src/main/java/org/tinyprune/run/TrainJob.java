package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.data.DatasetException;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.train.Checkpoint;
import org.tinyprune.train.CheckpointListener;
import org.tinyprune.train.DivergenceListener;
import org.tinyprune.train.Evaluation;
import org.tinyprune.train.ProgressListener;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingDivergedException;
import org.tinyprune.train.TrainingSummary;
import org.tinyprune.zoo.ModelSummary;

/**
 * The {@code train} job: trains a zoo model on a dataset, then writes into the run directory {@code
 * model.onnx} (with provenance), {@code checkpoint.bin} (resumable), {@code history.json}, {@code
 * training.png} and {@code metrics.json}.
 */
public final class TrainJob {
    private TrainJob() {}

    /**
     * Runs the job; with {@code resume}, a checkpoint written under another configuration is
     * refused before any data loads.
     *
     * @param resume continue from {@code out/checkpoint.bin} when it exists
     * @return the metrics written to {@code metrics.json}
     */
    public static Map<String, Object> run(
            TrainConfig config, Path out, boolean resume, PrintStream progress)
            throws DatasetException, TrainingDivergedException, IOException, OnnxImportException {
        Path ckpt = out.resolve("checkpoint.bin");
        long hash = config.asMap().toString().hashCode();
        Checkpoint from = resume && Files.exists(ckpt) ? checkedCheckpoint(ckpt, hash) : null;
        Session s = Session.open(config, progress);
        Files.createDirectories(out);
        Graph graph = s.graph();
        progress.println(ModelSummary.of(graph).table());
        CheckpointListener checkpoints =
                new CheckpointListener(ckpt)
                        .contributor((t, c) -> c.withCounter(Checkpoint.CONFIG_HASH, hash));
        TrainingHistory history = new TrainingHistory(out);
        Trainer trainer =
                s.trainer(graph)
                        .addListener(new ProgressListener(progress))
                        .addListener(checkpoints)
                        .addListener(new DivergenceListener(Session.DIVERGENCE_FACTOR, checkpoints))
                        .addListener(history);
        if (from != null) {
            trainer.resume(from);
            progress.printf("resuming from %s at epoch %d%n", ckpt, trainer.startEpoch() + 1);
        }
        TrainingSummary summary = trainer.fit(s.trainingBatches(), config.epochs());
        double testAccuracy = Evaluation.accuracy(graph, s.data().testBatches(256));
        OnnxExporter.exportFloat(
                graph, out.resolve("model.onnx"), s.provenance(Map.of()), s.exportOptions());
        history.plot(
                out.resolve("training.png"),
                config.asMap().get("model") + " on " + config.dataset());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", testAccuracy);
        metrics.put("epochs", config.epochs());
        metrics.put("train_seconds", history.seconds());
        metrics.put("samples_per_second", summary.samplesPerSecond());
        metrics.put("params", graph.paramCount());
        metrics.put("macs", graph.macs());
        metrics.put("config", config.asMap());
        Json.write(out.resolve("metrics.json"), metrics);
        progress.printf(
                "test accuracy %.2f%%; wrote %s%n", 100 * testAccuracy, out.resolve("model.onnx"));
        return metrics;
    }

    /**
     * Reads the checkpoint to resume, before any data loads, and refuses one written under another
     * configuration: continuing it would mix two runs (another schedule, data order or network).
     */
    private static Checkpoint checkedCheckpoint(Path ckpt, long hash) throws IOException {
        Checkpoint c = Checkpoint.read(ckpt);
        if (!c.writtenBy(hash)) {
            throw new IllegalArgumentException(
                    ckpt
                            + " was written by a run with another configuration (model, width, "
                            + "epochs, learning rate, data, seed or distillation differ); run without --resume, or use another "
                            + "--out");
        }
        return c;
    }
}
