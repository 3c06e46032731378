package org.tinyprune.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.ImageResize;
import org.tinyprune.data.Normalization;
import org.tinyprune.nn.onnx.InputSpec;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.run.ModelImport;

/**
 * The test images a quantised model is measured on, as it takes them: converted to its recorded
 * input shape when it was trained on converted images, scaled as its metadata records (else as the
 * training set), quantised with its input quantisation.
 */
public final class TestSamples {
    private TestSamples() {}

    /**
     * Prepares the first {@code count} test images.
     *
     * @param onnx the quantised model file (for its metadata)
     * @param model the model read from it
     * @param dataset the dataset's name
     * @param dataDir its folder, or null for the dataset's own
     * @param count how many
     * @param given scaling to use instead of the recorded one, or null
     * @return the samples
     * @throws IOException when the model file cannot be read
     * @throws DatasetException when the dataset cannot be loaded
     */
    public static List<DeviceSample> of(
            Path onnx,
            DeviceModel model,
            String dataset,
            Path dataDir,
            int count,
            Normalization given)
            throws IOException, DatasetException {
        List<StringStringEntryProto> props = metadata(onnx);
        Dataset data = asTrained(Datasets.load(dataset, dataDir), props);
        Normalization norm = given != null ? given : recordedScaling(data, props);
        return DeviceSamples.prepare(
                data.test(),
                count,
                norm,
                model.reference().inputQuantization(),
                model.inputBytes());
    }

    /** The model file's metadata ({@code metadata_props}). */
    private static List<StringStringEntryProto> metadata(Path onnx) throws IOException {
        try (InputStream in = Files.newInputStream(onnx)) {
            return ModelProto.parseFrom(in).getMetadataPropsList();
        } catch (IOException e) {
            throw new IOException("cannot read " + onnx + ": " + e.getMessage(), e);
        }
    }

    /**
     * The test images converted to the model's recorded input shape, when it records a conversion.
     */
    private static Dataset asTrained(Dataset data, List<StringStringEntryProto> props) {
        String key = Provenance.configKey(ModelImport.KEY_CONVERSION);
        if (props.stream().noneMatch(p -> p.getKey().equals(key))) {
            return data;
        }
        return ImageResize.to(data, InputSpec.fromMetadata(props).shape());
    }

    /**
     * The input scaling the model's metadata records (tinyprune writes it), else the training
     * set's.
     */
    private static Normalization recordedScaling(Dataset data, List<StringStringEntryProto> props) {
        InputSpec spec = ModelImport.recordedScaling(props, data.inputShape());
        return spec == null ? Normalization.fromTrainingSet(data.train()) : spec.normalization();
    }
}
