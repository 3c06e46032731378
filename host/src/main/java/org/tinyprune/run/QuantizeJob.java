package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.data.Augmentation;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.Normalization;
import org.tinyprune.data.TrainingData;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.int8.Affine;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.onnx.ImportedModel;
import org.tinyprune.nn.onnx.InputSpec;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.train.Evaluation;

/**
 * The {@code quantize} stage: post-training int8 quantisation of a float ONNX CNN (a user's export
 * or tinyprune's own {@code model.onnx}) in the project's TFLite/CMSIS-NN scheme.
 *
 * <ol>
 *   <li>import the model into the engine, listing every unsupported node at once;
 *   <li>settle the input scaling: the options, else the scaling the model records (tinyprune's own
 *       exports), else pixel / 255;
 *   <li>load the dataset and check it fits the model (sample shape, class count);
 *   <li>calibrate activation ranges on training images, quantise, and evaluate float and int8
 *       accuracy on the test set;
 *   <li>write {@code model_int8.onnx} (QDQ), read it back as {@code build} will and check the
 *       read-back model computes the same int8 outputs, then write {@code model.onnx} (the float
 *       model as imported), {@code report.json} and {@code report.md}.
 * </ol>
 *
 * Nothing is written until every step succeeded ({@link StagedOutput}).
 */
public final class QuantizeJob {
    /**
     * Test images whose int8 outputs are compared between the quantised model and its read-back
     * file.
     */
    public static final int READ_BACK_SAMPLES = 64;

    private QuantizeJob() {}

    /**
     * The stage's result.
     *
     * @param floatAccuracy top-1 accuracy of the float model on the test set
     * @param int8Accuracy top-1 accuracy of the int8 model (the reference interpreter) on the test
     *     set
     * @param testSamples test images evaluated
     * @param input the input scaling used (and recorded in the int8 model)
     * @param int8Model path of the written {@code model_int8.onnx}
     * @param report what {@code report.json} holds
     */
    public record Result(
            double floatAccuracy,
            double int8Accuracy,
            long testSamples,
            InputSpec input,
            Path int8Model,
            Map<String, Object> report) {}

    /**
     * Runs the stage.
     *
     * @param config the options
     * @param out run directory (created only when everything succeeded)
     * @param progress progress lines
     * @return the result
     * @throws OnnxImportException if the model cannot be imported or does not fit the dataset
     * @throws DatasetException if the dataset cannot be loaded
     * @throws IllegalArgumentException if an option does not fit the model
     * @throws IOException if a file cannot be read or written
     */
    public static Result run(QuantizeConfig config, Path out, PrintStream progress)
            throws OnnxImportException, DatasetException, IOException {
        Path file = config.model().onnx();
        ImportedModel imported = config.model().load(progress);
        InputSpec input = imported.input();

        Dataset dataset =
                config.model()
                        .adapt(
                                Datasets.load(config.dataset(), config.dataDir(), progress),
                                imported);
        imported.checkDataset(dataset);
        TrainingData data = data(dataset, input.normalization(), config);
        Graph graph = imported.graph();

        MiniBatches test = data.testBatches(256);
        Evaluation.Result floatResult = Evaluation.evaluate(graph, test);
        progress.printf(
                "float accuracy %.2f%% on %d test images%n",
                100 * floatResult.accuracy(), floatResult.samples());
        List<org.tinyprune.nn.Tensor> calibration =
                Samples.tensors(
                        data.trainingBatches(QuantizeConfig.BATCH, config.seed()),
                        graph.inputShape(),
                        config.calibrationBatches());
        QuantizedModel q = Quantizer.quantize(graph, calibration, config.quantOptions());
        double int8Accuracy = q.evaluate(data.testBatches(256));
        progress.printf(
                "int8 accuracy %.2f%% (float %.2f%%)%n",
                100 * int8Accuracy, 100 * floatResult.accuracy());

        Provenance provenance =
                Provenance.builder()
                        .seed(config.seed())
                        .dataset(dataset.identity())
                        .config(config.asMap())
                        .config(input.toConfig())
                        .build();
        try (StagedOutput staged = StagedOutput.open(out)) {
            Path int8File = staged.file("model_int8.onnx");
            q.exportQdq(int8File, provenance);
            int readBack = checkReadBack(q, int8File, data);
            OnnxExporter.exportFloat(
                    graph, staged.file("model.onnx"), provenance, imported.exportOptions());
            Map<String, Object> report =
                    report(
                            config,
                            file,
                            imported,
                            dataset,
                            floatResult,
                            int8Accuracy,
                            calibration,
                            readBack,
                            provenance);
            Json.write(staged.file("report.json"), report);
            Files.writeString(
                    staged.file("report.md"),
                    markdown(
                            file,
                            input,
                            floatResult,
                            int8Accuracy,
                            calibrationImages(calibration)));
            staged.commit();
            Path written = staged.directory().resolve("model_int8.onnx");
            progress.printf("wrote %s (int8 QDQ), model.onnx, report.json, report.md%n", written);
            return new Result(
                    floatResult.accuracy(),
                    int8Accuracy,
                    floatResult.samples(),
                    input,
                    written,
                    report);
        }
    }

    private static TrainingData data(Dataset dataset, Normalization norm, QuantizeConfig config) {
        TrainingData d = TrainingData.prepare(dataset, 0, config.seed());
        return new TrainingData(
                d.dataset().withTestLimit(config.testLimit()),
                d.train(),
                d.validation(),
                norm,
                Augmentation.NONE,
                config.seed());
    }

    /**
     * Reads the written int8 model back as {@code build} does and checks that it computes the same
     * int8 outputs as the in-memory quantised model on the first test images.
     *
     * @return the number of samples compared
     * @throws IllegalStateException if the file cannot be read back or computes other outputs (a
     *     bug)
     */
    private static int checkReadBack(QuantizedModel q, Path file, TrainingData data)
            throws IOException {
        DeviceModel device;
        try {
            device = DeviceModel.fromOnnx(file);
        } catch (UnsupportedModelException e) {
            throw new IllegalStateException(
                    "the written int8 model cannot be read back for deployment: " + e.getMessage(),
                    e);
        }
        MiniBatches test = data.testBatches(READ_BACK_SAMPLES);
        test.startEpoch(0);
        if (!test.next()) {
            throw new IllegalArgumentException(
                    "the dataset's test set is empty; quantize reports test accuracy");
        }
        int per = Shapes.size(q.foldedGraph().inputShape());
        int n = test.size();
        for (int i = 0; i < n; i++) {
            float[] sample = Arrays.copyOfRange(test.inputs(), i * per, (i + 1) * per);
            byte[] expected = q.runInt8(sample);
            byte[] actual =
                    device.reference()
                            .run(Affine.quantize(sample, device.reference().inputQuantization()));
            if (!Arrays.equals(expected, actual)) {
                throw new IllegalStateException(
                        "the written int8 model "
                                + file.getFileName()
                                + " computes "
                                + Arrays.toString(actual)
                                + " for test image "
                                + i
                                + " where the quantised model computes "
                                + Arrays.toString(expected)
                                + " (an export bug; please report it)");
            }
        }
        return n;
    }

    private static Map<String, Object> report(
            QuantizeConfig config,
            Path file,
            ImportedModel imported,
            Dataset dataset,
            Evaluation.Result floatResult,
            double int8Accuracy,
            List<org.tinyprune.nn.Tensor> calibration,
            int readBack,
            Provenance provenance) {
        Graph g = imported.graph();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "quantize");
        r.put(
                "model",
                Map.of(
                        "source",
                        file.toString(),
                        "nodes",
                        g.nodes().size(),
                        "parameters",
                        g.paramCount(),
                        "macs",
                        g.macs(),
                        "output_softmax",
                        imported.outputSoftmax()));
        r.put("input", imported.input().toReport());
        r.put(
                "dataset",
                Map.of(
                        "name",
                        dataset.name(),
                        "identity",
                        dataset.identity(),
                        "classes",
                        dataset.numClasses()));
        r.put(
                "calibration",
                Map.of(
                        "batches",
                        calibration.size(),
                        "images",
                        calibrationImages(calibration),
                        "seed",
                        config.seed()));
        Map<String, Object> acc = new LinkedHashMap<>();
        acc.put("float", floatResult.accuracy());
        acc.put("int8", int8Accuracy);
        acc.put("drop_points", 100 * (floatResult.accuracy() - int8Accuracy));
        acc.put("test_samples", floatResult.samples());
        r.put("accuracy", acc);
        r.put(
                "int8_model",
                Map.of(
                        "file",
                        "model_int8.onnx",
                        "format",
                        "qdq-int8",
                        "read_back_samples_identical",
                        readBack));
        r.put("provenance", provenance.toMap());
        return r;
    }

    private static long calibrationImages(List<org.tinyprune.nn.Tensor> calibration) {
        return calibration.stream().mapToLong(t -> t.shape()[0]).sum();
    }

    private static String markdown(
            Path source,
            InputSpec input,
            Evaluation.Result floatResult,
            double q,
            long calibrationImages) {
        double f = floatResult.accuracy();
        StringBuilder sb = new StringBuilder();
        sb.append("# Post-training int8 quantisation of ")
                .append(source.getFileName())
                .append("\n\n");
        sb.append("| | float | int8 | drop |\n|---|---:|---:|---:|\n");
        sb.append(
                String.format(
                        "| test accuracy (%d images) | %.2f %% | %.2f %% | %.2f points |%n",
                        floatResult.samples(), 100 * f, 100 * q, 100 * (f - q)));
        sb.append("\nInput ")
                .append(Shapes.str(input.shape()))
                .append(", scaled as (pixel/255 − mean) / std with mean ")
                .append(Arrays.toString(input.mean()))
                .append(" and std ")
                .append(Arrays.toString(input.std()))
                .append(" (recorded in model_int8.onnx's metadata, so `measure` uses it).\n");
        sb.append(
                        "\nScheme: int8 weights symmetric per output channel, int8 activations per tensor, int32 biases; "
                                + "calibrated on ")
                .append(calibrationImages)
                .append(
                        " training images. `model_int8.onnx` is QDQ: `tinyprune build|flash|measure --onnx` take it.\n");
        return sb.toString();
    }
}
