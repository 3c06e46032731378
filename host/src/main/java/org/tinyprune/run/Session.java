package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.TrainingData;
import org.tinyprune.export.ExportOptions;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.onnx.ImportedModel;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.train.Distillation;
import org.tinyprune.train.LrSchedule;
import org.tinyprune.train.Optimizer;
import org.tinyprune.train.Sgd;
import org.tinyprune.train.SoftmaxCrossEntropy;
import org.tinyprune.train.Trainer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;
import org.tinyprune.zoo.ZooFootprint;

/**
 * What every training-based job shares: the prepared data, the initialised zoo network, the
 * optimizer and schedule recipe, and the provenance of the artefacts.
 *
 * @param config the run configuration
 * @param data the prepared data (validation split, normalisation, augmentation)
 * @param graph the network: the zoo architecture initialised from the seed, or the imported model
 * @param imported the imported ONNX model the network came from, or null for a zoo network
 * @param teacher the teacher network of knowledge distillation, or null
 */
public record Session(
        TrainConfig config, TrainingData data, Graph graph, ImportedModel imported, Graph teacher) {
    /**
     * Most values one Java array holds (what the VM allows, a little under {@code
     * Integer.MAX_VALUE}).
     */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Loss growth over its running minimum that counts as divergence. */
    public static final double DIVERGENCE_FACTOR = 10.0;

    private static final float MOMENTUM = 0.9f;

    /**
     * Loads the dataset and builds the network: the zoo architecture initialised from the seed, or
     * the imported ONNX model with its own weights and input scaling (imported and checked against
     * the dataset before any training).
     *
     * @throws OnnxImportException if the configured ONNX model cannot be imported or does not fit
     *     the dataset
     * @throws IOException if the ONNX model cannot be read
     */
    public static Session open(TrainConfig config, PrintStream progress)
            throws DatasetException, OnnxImportException, IOException {
        if (config.distill() != null
                && config.distill().teacher() != null
                && !java.nio.file.Files.isRegularFile(config.distill().teacher())) {
            throw new IllegalArgumentException(
                    "--teacher " + config.distill().teacher() + ": no such file");
        }
        if (config.imported() == null) {
            checkWidthBeforeLoading(config, Runtime.getRuntime().maxMemory());
        }
        ImportedModel imported =
                config.imported() == null ? null : config.imported().load(progress);
        Dataset dataset = Datasets.load(config.dataset(), config.dataDir(), progress);
        if (imported != null) {
            dataset = config.imported().adapt(dataset, imported);
        }
        progress.printf(
                "dataset %s: %d training, %d test images of %s%n",
                dataset.name(),
                dataset.train().size(),
                dataset.test().size(),
                Arrays.toString(dataset.inputShape()));
        TrainingData data = TrainingData.prepare(dataset, config.validation(), config.seed());
        Graph graph;
        if (imported != null) {
            imported.checkDataset(dataset);
            data =
                    new TrainingData(
                            data.dataset(),
                            data.train(),
                            data.validation(),
                            imported.input().normalization(),
                            data.augmentation(),
                            data.splitSeed());
            graph = imported.graph();
        } else {
            ModelConfig model =
                    ModelConfig.of(dataset.inputShape(), dataset.numClasses())
                            .withWidth(config.width());
            checkFootprint(config, model, Runtime.getRuntime().maxMemory());
            graph = Zoo.build(config.model(), model);
            graph.init(config.seed());
        }
        Graph teacher = config.distill() == null ? null : teacher(config, data, graph, progress);
        return new Session(config, limit(data, config), graph, imported, teacher);
    }

    /**
     * Imports the distillation teacher (a fresh copy when it is the start model, which the run
     * trains) and checks that it takes the run's inputs, scaled the same way.
     */
    private static Graph teacher(
            TrainConfig config, TrainingData data, Graph student, PrintStream progress)
            throws OnnxImportException, IOException {
        DistillConfig d = config.distill();
        ModelImport source =
                d.teacher() == null ? config.imported() : new ModelImport(d.teacher(), null, null);
        ImportedModel t = source.load(progress);
        if (!Arrays.equals(t.graph().inputShape(), student.inputShape())) {
            throw new IllegalArgumentException(
                    "--teacher "
                            + source.onnx()
                            + " takes input "
                            + Arrays.toString(t.graph().inputShape())
                            + " but the run feeds "
                            + Arrays.toString(student.inputShape())
                            + "; distil from a model trained on the same data");
        }
        float[] mean = data.normalization().mean();
        float[] std = data.normalization().std();
        if (!close(t.input().mean(), mean) || !close(t.input().std(), std)) {
            throw new IllegalArgumentException(
                    "--teacher "
                            + source.onnx()
                            + " scales its input by mean "
                            + Arrays.toString(t.input().mean())
                            + ", std "
                            + Arrays.toString(t.input().std())
                            + ", but this run by mean "
                            + Arrays.toString(mean)
                            + ", std "
                            + Arrays.toString(std)
                            + "; distil from a model trained on the same "
                            + "data and normalisation");
        }
        progress.printf(
                "distilling from %s (weight %.2f, temperature %.1f)%n",
                source.onnx(), d.alpha(), d.temperature());
        return t.graph();
    }

    private static boolean close(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4f * Math.max(1f, Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a zoo network too large to train here, before any of it is allocated: one whose
     * largest parameter array would exceed a Java array, or whose {@link ZooFootprint#trainingBytes
     * training memory} exceeds {@code heapBytes}.
     *
     * @param config the run configuration (model, width, batch size)
     * @param model the network's configuration
     * @param heapBytes memory the JVM may use
     * @throws IllegalArgumentException naming {@code --width}, the sizes and the limit
     */
    static void checkFootprint(TrainConfig config, ModelConfig model, long heapBytes) {
        checkFootprint(config, model, heapBytes, config.batchSize());
    }

    /**
     * Refuses a {@code --width} that no dataset could make trainable here, before the dataset is
     * loaded: the network is sized for the smallest grey input the architecture accepts with two
     * classes, and only its parameters are counted (activations depend on the data), so the figure
     * is a lower bound and a width refused here would be refused after loading too. The exact check
     * ({@link #checkFootprint(TrainConfig, ModelConfig, long)}) follows once the input shape is
     * known.
     *
     * @param config the run configuration
     * @param heapBytes memory the JVM may use
     * @throws IllegalArgumentException naming {@code --width}, as the exact check does
     */
    static void checkWidthBeforeLoading(TrainConfig config, long heapBytes) {
        for (int side : new int[] {4, 8, 16, 28, 32}) {
            ModelConfig smallest;
            try {
                smallest = new ModelConfig(1, side, side, 2, config.width());
                ZooFootprint.estimate(config.model(), smallest);
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            checkFootprint(config, smallest, heapBytes, 0);
            return;
        }
    }

    private static void checkFootprint(
            TrainConfig config, ModelConfig model, long heapBytes, int batchSize) {
        ZooFootprint f = ZooFootprint.estimate(config.model(), model);
        double need = f.trainingBytes(batchSize);
        if (f.largestParamValues() <= MAX_ARRAY && need <= heapBytes) {
            return;
        }
        double gib = 1024.0 * 1024 * 1024;
        String reference =
                String.format(
                        Locale.ROOT,
                        "%,.0f",
                        ZooFootprint.estimate(config.model(), model.withWidth(1.0)).params());
        String why =
                f.largestParamValues() > MAX_ARRAY
                        ? String.format(
                                Locale.ROOT,
                                "its %s alone would hold %.3g values, more than a Java array can (%d)",
                                f.largestParam(),
                                f.largestParamValues(),
                                MAX_ARRAY)
                        : batchSize == 0
                                ? String.format(
                                        Locale.ROOT,
                                        "its parameters, their gradients and momentum alone need about %.3g GiB, "
                                                + "more than the %.1f GiB this JVM may use (raise -Xmx through TINYPRUNE_JAVA_OPTS)",
                                        need / gib,
                                        heapBytes / gib)
                                : String.format(
                                        Locale.ROOT,
                                        "training it in batches of %d needs at least about %.3g GiB, more than "
                                                + "the %.1f GiB this JVM may use (raise -Xmx through TINYPRUNE_JAVA_OPTS, or lower "
                                                + "--batch-size)",
                                        batchSize,
                                        need / gib,
                                        heapBytes / gib);
        throw new IllegalArgumentException(
                String.format(
                        Locale.ROOT,
                        "--width %s makes %s about %.3g parameters; "
                                + "%s. Choose a smaller --width (1.0 gives %s parameters)",
                        config.width(),
                        config.model(),
                        f.params(),
                        why,
                        reference));
    }

    private static TrainingData limit(TrainingData d, TrainConfig c) {
        ImageSet train = d.train();
        if (c.trainLimit() > 0 && c.trainLimit() < train.size()) {
            int[] order = java.util.stream.IntStream.range(0, train.size()).toArray();
            java.util.SplittableRandom rng = new java.util.SplittableRandom(c.seed());
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            train = train.subset(Arrays.copyOf(order, c.trainLimit()));
        }
        Dataset ds = d.dataset().withTestLimit(c.testLimit());
        return new TrainingData(
                ds, train, d.validation(), d.normalization(), d.augmentation(), d.splitSeed());
    }

    /**
     * Options that export the network as its source had it (an imported model's final Softmax
     * restored).
     */
    public ExportOptions exportOptions() {
        return imported == null ? ExportOptions.defaults() : imported.exportOptions();
    }

    /** Shuffled, augmented training batches. */
    public MiniBatches trainingBatches() {
        return data.trainingBatches(config.batchSize(), config.seed());
    }

    /** SGD with Nesterov momentum over {@code g}'s params. */
    public Optimizer optimizer(Graph g) {
        return new Sgd(g.params(), MOMENTUM, true, config.weightDecay());
    }

    /** Cosine decay over all epochs with half an epoch of warm-up. */
    public LrSchedule schedule() {
        long perEpoch = trainingBatches().batchesPerEpoch();
        return LrSchedule.cosine(
                config.learningRate(), 0f, perEpoch * config.epochs(), perEpoch / 2);
    }

    /**
     * A trainer for {@code g} with this session's optimizer, schedule, loss and validation data.
     */
    public Trainer trainer(Graph g) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(config.labelSmoothing());
        Trainer t = new Trainer(g, optimizer(g), schedule(), loss);
        if (teacher != null) {
            t.setDistillation(
                    new Distillation(
                            teacher,
                            config.distill().alpha(),
                            config.distill().temperature(),
                            loss));
        }
        if (data.validation().size() > 0) {
            t.setValidation(data.validationBatches(256));
        }
        return t;
    }

    /** Provenance of this run's artefacts, with {@code extra} configuration entries. */
    public Provenance provenance(Map<String, ?> extra) {
        return Provenance.builder()
                .seed(config.seed())
                .dataset(data.dataset().identity())
                .config(config.asMap())
                .config("normalization_mean", Arrays.toString(data.normalization().mean()))
                .config("normalization_std", Arrays.toString(data.normalization().std()))
                .config("input_shape", Arrays.toString(data.dataset().inputShape()))
                .config(extra)
                .build();
    }
}
