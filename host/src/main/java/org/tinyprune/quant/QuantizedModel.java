package org.tinyprune.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.tinyprune.export.QdqExporter;
import org.tinyprune.int8.Affine;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.nn.Graph;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.train.BatchSource;

/**
 * The result of quantisation: the folded float graph it came from, the calibrated ranges, and the
 * quantised IR graph with its int8 reference interpreter (what the device computes).
 */
public final class QuantizedModel {

    private final Graph folded;
    private final Map<String, ActivationRange> ranges;
    private final org.tinyprune.ir.Graph ir;
    private final Int8Interpreter interpreter;

    /**
     * Wraps a quantised graph.
     *
     * @param folded the folded float graph
     * @param ranges the calibrated ranges by node name
     * @param ir the quantised IR graph
     */
    public QuantizedModel(
            Graph folded, Map<String, ActivationRange> ranges, org.tinyprune.ir.Graph ir) {
        this(folded, ranges, ir, new Int8Interpreter(ir));
    }

    private QuantizedModel(
            Graph folded,
            Map<String, ActivationRange> ranges,
            org.tinyprune.ir.Graph ir,
            Int8Interpreter interpreter) {
        this.folded = folded;
        this.ranges = Map.copyOf(ranges);
        this.ir = ir;
        this.interpreter = interpreter;
    }

    /**
     * The same model evaluated by {@link Int8Interpreter#reference} (the naive convolution): the
     * same outputs bit for bit, many times slower; for benchmarking the optimised kernels.
     *
     * @return a model sharing this one's graphs and ranges
     */
    public QuantizedModel withReferenceInterpreter() {
        return new QuantizedModel(folded, ranges, ir, Int8Interpreter.reference(ir));
    }

    /** The quantised network IR (batch 1), input of the C generator. */
    public org.tinyprune.ir.Graph toIr() {
        return ir;
    }

    /** The folded float graph (BatchNorm folded, Dropout removed) that was quantised. */
    public Graph foldedGraph() {
        return folded;
    }

    /** Calibrated activation ranges by node name. */
    public Map<String, ActivationRange> ranges() {
        return ranges;
    }

    /** The int8 reference interpreter of {@link #toIr()}. */
    public Int8Interpreter interpreter() {
        return interpreter;
    }

    /**
     * Writes the QDQ ONNX form of the quantised model ({@code model_int8.onnx}), atomically.
     *
     * @param file destination
     * @param provenance provenance for the model metadata
     * @throws IOException if the file cannot be written
     */
    public void exportQdq(Path file, Provenance provenance) throws IOException {
        QdqExporter.export(ir, file, provenance);
    }

    /**
     * Writes the QDQ model with the execution plan chosen within the budgets recorded in it ({@link
     * QdqExporter#export(org.tinyprune.ir.Graph, Path, Provenance, PlanChoice)}).
     *
     * @param plan the streamed chains code generation must plan
     * @throws IOException if the file cannot be written
     */
    public void exportQdq(Path file, Provenance provenance, PlanChoice plan) throws IOException {
        QdqExporter.export(ir, file, provenance, plan);
    }

    /**
     * Runs one sample through the int8 model.
     *
     * @param sample one input sample (float, the training normalisation applied), NCHW order
     * @return the int8 output codes (logits)
     */
    public byte[] runInt8(float[] sample) {
        return interpreter.run(Affine.quantize(sample, interpreter.inputQuantization()));
    }

    /**
     * Dequantised logits of one sample.
     *
     * @param sample one input sample
     * @return real-valued logits
     */
    public float[] logits(float[] sample) {
        return Affine.dequantize(runInt8(sample), interpreter.outputQuantization());
    }

    /**
     * Top-1 accuracy of the int8 model over one epoch of a source (e.g. the test set).
     *
     * @param source evaluation batches, normalised as for training
     * @return fraction classified correctly by the int8 reference interpreter
     */
    public double evaluate(BatchSource source) {
        long correct = 0;
        long total = 0;
        source.startEpoch(0);
        while (source.next()) {
            int n = source.size();
            correct += Math.round(accuracy(source.inputs(), source.labels(), n) * n);
            total += n;
        }
        if (total == 0) {
            throw new IllegalArgumentException("evaluation source yields no samples");
        }
        return correct / (double) total;
    }

    /**
     * Top-1 accuracy of the int8 model on {@code count} samples stored back to back.
     *
     * @param inputs samples, each of the input's per-sample size, NCHW
     * @param labels class labels
     * @param count number of samples
     * @return fraction classified correctly (ties resolved to the lowest class, as on the device)
     */
    public double accuracy(float[] inputs, int[] labels, int count) {
        if (labels.length < count) {
            throw new IllegalArgumentException(
                    "accuracy needs " + count + " labels, got " + labels.length);
        }
        byte[][] outputs = runInt8(inputs, count);
        long correct =
                IntStream.range(0, count)
                        .filter(i -> Int8Interpreter.argmax(outputs[i]) == labels[i])
                        .count();
        return correct / (double) count;
    }

    /**
     * Runs {@code count} samples stored back to back through the int8 model, in parallel.
     *
     * @param inputs samples, each of the input's per-sample size, NCHW
     * @param count number of samples
     * @return the int8 output codes of each sample
     * @throws IllegalArgumentException if {@code inputs} holds fewer than {@code count} samples
     */
    public byte[][] runInt8(float[] inputs, int count) {
        int sampleSize = org.tinyprune.nn.Shapes.size(folded.inputShape());
        if (inputs.length < (long) count * sampleSize) {
            throw new IllegalArgumentException(
                    "the int8 model needs "
                            + count
                            + " samples of "
                            + sampleSize
                            + " values, got "
                            + inputs.length
                            + " values");
        }
        byte[][] outputs = new byte[count][];
        IntStream.range(0, count)
                .parallel()
                .forEach(
                        i ->
                                outputs[i] =
                                        runInt8(
                                                Arrays.copyOfRange(
                                                        inputs,
                                                        i * sampleSize,
                                                        (i + 1) * sampleSize)));
        return outputs;
    }
}
