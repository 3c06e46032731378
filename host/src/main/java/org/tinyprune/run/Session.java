package org.tinyprune.run;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.TrainingData;
import org.tinyprune.nn.Graph;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.train.LrSchedule;
import org.tinyprune.train.Optimizer;
import org.tinyprune.train.Sgd;
import org.tinyprune.train.SoftmaxCrossEntropy;
import org.tinyprune.train.Trainer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * What every training-based job shares: the prepared data, the initialised zoo network, the
 * optimizer and schedule recipe, and the provenance of the artefacts.
 *
 * @param config the run configuration
 * @param data   the prepared data (validation split, normalisation, augmentation)
 * @param graph  the zoo network, initialised from the seed
 */
public record Session(TrainConfig config, TrainingData data, Graph graph) {
    /** Loss growth over its running minimum that counts as divergence. */
    public static final double DIVERGENCE_FACTOR = 10.0;
    private static final float MOMENTUM = 0.9f;

    /** Loads the dataset and builds the network. */
    public static Session open(TrainConfig config, PrintStream progress) throws DatasetException {
        Dataset dataset = Datasets.load(config.dataset(), config.dataDir(), progress);
        progress.printf("dataset %s: %d training, %d test images of %s%n", dataset.name(), dataset.train().size(),
                dataset.test().size(), Arrays.toString(dataset.inputShape()));
        TrainingData data = limit(TrainingData.prepare(dataset, config.validation(), config.seed()), config);
        Graph graph = Zoo.build(config.model(),
                ModelConfig.of(dataset.inputShape(), dataset.numClasses()).withWidth(config.width()));
        graph.init(config.seed());
        return new Session(config, data, graph);
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
        Dataset ds = d.dataset();
        if (c.testLimit() > 0 && c.testLimit() < ds.test().size()) {
            ds = new Dataset(ds.name(), ds.source(), ds.classNames(), ds.train(),
                    ds.test().subset(java.util.stream.IntStream.range(0, c.testLimit()).toArray()),
                    ds.defaultAugmentation());
        }
        return new TrainingData(ds, train, d.validation(), d.normalization(), d.augmentation(), d.splitSeed());
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
        return LrSchedule.cosine(config.learningRate(), 0f, perEpoch * config.epochs(), perEpoch / 2);
    }

    /** A trainer for {@code g} with this session's optimizer, schedule, loss and validation data. */
    public Trainer trainer(Graph g) {
        Trainer t = new Trainer(g, optimizer(g), schedule(), new SoftmaxCrossEntropy(config.labelSmoothing()));
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
                .config(extra)
                .build();
    }
}
