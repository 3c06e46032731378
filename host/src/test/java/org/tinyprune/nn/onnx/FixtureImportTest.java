package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.export.OrtCheck;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.provenance.Provenance;

/**
 * The committed PyTorch exports ({@code fixtures/onnx}): each imports, its eval forward pass on the
 * stored input equals PyTorch's stored output (the independent reference) and ONNX Runtime's on the
 * file, and the re-exported graph gives the same in ONNX Runtime; all at 1e-4 relative.
 */
class FixtureImportTest {

    static Stream<String> fixtures() {
        return Stream.of(
                "fmnist_cnn",
                "ds_cnn",
                "inverted_residual",
                "se_block",
                "shuffle_block",
                "efficientnet_block",
                "mbv3_block");
    }

    static Path dir(String name) throws Exception {
        return RepositoryRoot.locate().resolve("fixtures/onnx").resolve(name);
    }

    static Tensor tensor(Path file) throws Exception {
        TensorProto t = TensorProto.parseFrom(Files.readAllBytes(file));
        return new Tensor(InitializerValues.shape(t), InitializerValues.floats(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void importMatchesPyTorchAndOnnxRuntime(String name) throws Exception {
        Path d = dir(name);
        ModelProto model = OnnxImporter.read(d.resolve("model.onnx"));
        ImportedModel m = OnnxImporter.importModel(model, name, null);
        Tensor x = tensor(d.resolve("test_data_set_0/input_0.pb"));
        Tensor torch = tensor(d.resolve("test_data_set_0/output_0.pb"));
        assertTrue(
                Arrays.equals(Arrays.copyOfRange(x.shape(), 1, 4), m.graph().inputShape()),
                m.graph().toString());
        float[] ours = m.graph().forward(x).data();
        ours = m.outputSoftmax() ? TestNets.softmax(ours, m.outputSize()) : ours;
        assertEquals(torch.size(), m.outputSize() * x.dim(0));
        TestNets.assertClose(name + " import vs PyTorch", torch.data(), ours);
        TestNets.assertClose(
                name + " import vs ONNX Runtime", OrtCheck.runUnoptimised(model, x), ours);
        ModelProto exported =
                OnnxExporter.toModel(
                        m.graph(), Provenance.builder().seed(1).build(), m.exportOptions());
        TestNets.assertClose(
                name + " re-export in ONNX Runtime vs PyTorch",
                torch.data(),
                OrtCheck.runUnoptimised(exported, x));
    }
}
