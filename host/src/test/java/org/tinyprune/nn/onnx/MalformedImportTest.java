package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.onnx.MalformedModels;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * The importer on damaged PyTorch exports ({@link MalformedModels} of every committed fixture: each
 * initializer, attribute and declared dimension broken in turn): each variant is refused with an
 * {@link OnnxImportException} naming what is wrong, or imported when the damage leaves a valid
 * model; never an internal error.
 */
class MalformedImportTest {
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

    private static ModelProto fixture(String name) throws Exception {
        return ModelProto.parseFrom(
                Files.readAllBytes(
                        RepositoryRoot.locate()
                                .resolve("fixtures/onnx")
                                .resolve(name)
                                .resolve("model.onnx")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyDamagedVariantIsRefusedOrImportedNeverAnInternalError(String name) throws Exception {
        ModelProto base = fixture(name);
        OnnxImporter.importModel(base, name, null);
        List<String> errors = new ArrayList<>();
        int refused = 0;
        Map<String, ModelProto> variants = MalformedModels.of(base);
        for (Map.Entry<String, ModelProto> e : variants.entrySet()) {
            try {
                OnnxImporter.importModel(e.getValue(), name + ".onnx", null);
            } catch (OnnxImportException ok) {
                refused++;
            } catch (RuntimeException | Error bad) {
                errors.add(e.getKey() + ": " + bad);
            }
        }
        System.out.printf(
                "MalformedImportTest %s: %d variants, %d refused, %d internal errors%n",
                name, variants.size(), refused, errors.size());
        assertTrue(variants.size() > 100, "variants: " + variants.size());
        assertTrue(
                errors.isEmpty(),
                errors.size() + " internal errors:\n" + String.join("\n", errors));
    }

    private static String refusal(ModelProto base, String variant) {
        ModelProto m = MalformedModels.of(base).get(variant);
        assertTrue(m != null, variant);
        return assertThrows(
                        OnnxImportException.class,
                        () -> OnnxImporter.importModel(m, "m.onnx", null),
                        variant)
                .getMessage();
    }

    @Test
    void messagesNameTheInitializerNodeOrOutputAtFault() throws Exception {
        ModelProto m = fixture("fmnist_cnn");
        String w = m.getGraph().getInitializer(0).getName();
        String msg = refusal(m, "initializer " + w + ": dim -1");
        assertTrue(
                msg.contains("initializer '" + w + "'") && msg.contains("negative dimension"), msg);
        msg = refusal(m, "initializer " + w + ": raw_data half");
        assertTrue(msg.contains("initializer '" + w + "'") && msg.contains("truncated"), msg);
        msg = refusal(m, "initializer " + w + ": first value NaN");
        assertTrue(
                msg.contains("initializer '" + w + "'") && msg.contains("holds NaN at element 0"),
                msg);
        String var =
                m.getGraph().getInitializerList().stream()
                        .map(t -> t.getName())
                        .filter(n -> n.endsWith("running_var"))
                        .findFirst()
                        .orElseThrow();
        msg = refusal(m, "initializer " + var + ": every value -1.0");
        assertTrue(msg.contains("var '" + var + "' of channel 0 is -1.0"), msg);
        String out = m.getGraph().getOutput(0).getName();
        msg = refusal(m, "output " + out + ": dim 1 = 11");
        assertTrue(
                msg.contains(
                        "graph output '"
                                + out
                                + "' is declared ["
                                + m.getGraph()
                                        .getOutput(0)
                                        .getType()
                                        .getTensorType()
                                        .getShape()
                                        .getDim(0)
                                        .getDimParam()
                                + ", 11] but the model computes [N, 10]"),
                msg);
        msg = refusal(m, "input " + m.getGraph().getInput(0).getName() + ": dim 2 = 2147483648");
        assertTrue(msg.contains("larger than any microcontroller input"), msg);
    }
}
