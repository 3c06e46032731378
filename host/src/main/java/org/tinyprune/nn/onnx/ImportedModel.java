package org.tinyprune.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.data.Dataset;
import org.tinyprune.export.ExportOptions;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;

/**
 * A user's ONNX model as a trainable {@link Graph} carrying its weights, with what the import
 * learnt about its ends.
 *
 * <p>The graph is ready to run or fine-tune: do not call {@link Graph#init(long)} on it, which
 * would replace the imported weights with random ones.
 *
 * @param graph the network; its output is the logits (before any final Softmax)
 * @param input input size and normalisation
 * @param outputSoftmax true if the ONNX model ended in a Softmax, which was dropped so that
 *     training uses cross-entropy on logits; {@link #exportOptions()} puts it back
 * @param source where the model came from (file name), for messages
 */
public record ImportedModel(Graph graph, InputSpec input, boolean outputSoftmax, String source) {

    /** Number of output values per sample (classes for a classifier). */
    public int outputSize() {
        return Shapes.size(graph.outputShape());
    }

    /**
     * Export options that write the model as imported (the final Softmax restored if it had one).
     */
    public ExportOptions exportOptions() {
        return ExportOptions.defaults().withOutputSoftmax(outputSoftmax);
    }

    /**
     * Checks that a dataset fits the model: its per-sample shape equals the model's input and its
     * class count the model's output size.
     *
     * @param sampleShape the dataset's per-sample shape, e.g. {@code [1, 28, 28]}
     * @param classes the dataset's number of classes
     * @throws OnnxImportException naming each mismatch and what would fix it
     */
    public void checkDataset(int[] sampleShape, int classes) throws OnnxImportException {
        List<OnnxImportException.Problem> problems = new ArrayList<>();
        int[] in = graph.inputShape();
        if (!Arrays.equals(in, sampleShape)) {
            problems.add(
                    OnnxImportException.Problem.model(
                            "the dataset's samples are "
                                    + Shapes.str(sampleShape)
                                    + " (C, H, W) but the model's input '"
                                    + graph.inputNames().get(0)
                                    + "' takes "
                                    + Shapes.str(in)
                                    + "; choose a dataset whose samples are "
                                    + Shapes.str(in)
                                    + ", convert its images with --input-size "
                                    + (in.length == 3
                                            ? in[1] + "x" + in[2] + " --input-channels " + in[0]
                                            : "HxW --input-channels C")
                                    + ", or re-export the model for "
                                    + Shapes.str(sampleShape)));
        }
        int out = outputSize();
        int[] outShape = graph.outputShape();
        if (out != classes) {
            problems.add(
                    OnnxImportException.Problem.model(
                            "the dataset has "
                                    + classes
                                    + " classes but the model's"
                                    + " output '"
                                    + graph.outputName()
                                    + "' has "
                                    + out
                                    + " values "
                                    + Shapes.str(outShape)
                                    + "; use a dataset with "
                                    + out
                                    + " classes or replace the model's last layer"));
        } else if (outShape.length != 1) {
            problems.add(
                    OnnxImportException.Problem.model(
                            "the model's output '"
                                    + graph.outputName()
                                    + "' has shape "
                                    + Shapes.str(outShape)
                                    + "; training needs [N, classes] logits (end the model with Flatten)"));
        }
        if (!problems.isEmpty()) {
            throw new OnnxImportException(source, problems);
        }
    }

    /** {@link #checkDataset(int[], int)} for a loaded dataset. */
    public void checkDataset(Dataset dataset) throws OnnxImportException {
        checkDataset(dataset.inputShape(), dataset.numClasses());
    }
}
