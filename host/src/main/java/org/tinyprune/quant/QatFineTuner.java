package org.tinyprune.quant;

import java.util.HashMap;
import java.util.Map;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.train.AdamW;
import org.tinyprune.train.BatchSource;
import org.tinyprune.train.SoftmaxCrossEntropy;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingDivergedException;

/**
 * Quantisation-aware fine-tuning for when post-training quantisation loses accuracy: the folded
 * graph of a {@link QuantizedModel} is trained further with {@link FakeQuant} after every quantised
 * activation (the calibrated ranges, kept fixed) and fake-quantised weights ({@link
 * WeightFakeQuantListener}), then quantised again with the same ranges.
 */
public final class QatFineTuner {

    private QatFineTuner() {}

    /**
     * Fine-tunes and re-quantises.
     *
     * @param ptq the post-training-quantised model (not modified)
     * @param train training batches
     * @param epochs epochs over {@code train}
     * @param learningRate constant learning rate (small, e.g. 1e-4)
     * @return the new quantised model
     * @throws TrainingDivergedException if training diverges
     */
    public static QuantizedModel fineTune(
            QuantizedModel ptq, BatchSource train, int epochs, float learningRate)
            throws TrainingDivergedException {
        Graph tuned = BatchNormFolder.fold(ptq.foldedGraph());
        Graph qat = withFakeQuant(tuned, ptq.toIr());
        Trainer trainer =
                new Trainer(
                        qat,
                        new AdamW(qat.params(), 0f),
                        step -> learningRate,
                        new SoftmaxCrossEntropy(0f));
        trainer.addListener(new WeightFakeQuantListener(qat));
        trainer.fit(train, epochs);
        return new QuantizedModel(tuned, ptq.ranges(), IrQuantizer.quantize(tuned, ptq.ranges()));
    }

    /**
     * The training graph: the folded graph's layers (shared, so training updates them) with a
     * {@link FakeQuant} after every node whose output is an int8 activation of {@code ir}.
     *
     * @param folded the folded graph
     * @param ir its quantised IR
     * @return the graph to train
     */
    static Graph withFakeQuant(Graph folded, org.tinyprune.ir.Graph ir) {
        GraphBuilder b = Graph.builder(folded.name() + "-qat");
        Map<String, String> alias = new HashMap<>();
        for (Node n : folded.nodes()) {
            String[] in =
                    n.inputs().stream().map(i -> alias.getOrDefault(i, i)).toArray(String[]::new);
            if (n.layer() instanceof Input input) {
                b.input(n.name(), input.shape());
            } else {
                b.layer(n.name(), n.layer(), in);
            }
            Tensor t = ir.tensors().get(n.name());
            if (t != null && !t.isConstant()) {
                b.layer(n.name() + "_fq", new FakeQuant(t.quantization()), n.name());
                alias.put(n.name(), n.name() + "_fq");
            }
        }
        String out = folded.outputName();
        return b.output(alias.getOrDefault(out, out)).build();
    }
}
