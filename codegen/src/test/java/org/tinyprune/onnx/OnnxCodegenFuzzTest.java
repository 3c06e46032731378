package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.CodegenProvenance;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.fuzz.FuzzInputs;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceModel;

/**
 * Fuzzes what {@code tinyprune codegen} does with a file: parse it as ONNX, import the graph, plan
 * its memory and generate C. Every input is either generated or refused with the exceptions the
 * command turns into the bad-input exit ({@link IOException} from parsing, {@link
 * UnsupportedModelException} from import and generation); any other exception, an {@link
 * OutOfMemoryError} or a hang is a finding. {@code mvn verify} replays the committed inputs (valid
 * float and QDQ models, see {@code FuzzSeeds}) and the findings kept beside them; {@code
 * scripts/fuzz-long.sh} fuzzes.
 */
class OnnxCodegenFuzzTest {
    private static final Path FILE = Path.of("fuzz.onnx");

    @FuzzTest(maxDuration = "10s")
    void modelIsGeneratedOrRefused(byte[] data) {
        check(data);
    }

    /** The seeds reach code generation: each valid one generates C. */
    @Test
    void validSeedsGenerate() throws Exception {
        for (Path seed : FuzzInputs.valid(OnnxCodegenFuzzTest.class, "modelIsGeneratedOrRefused")) {
            ModelProto model = OnnxFiles.read(seed);
            GeneratedModel gen =
                    CodeGenerator.generate(
                            OnnxReader.read(model), CodegenProvenance.of(model, seed, "host"));
            assertTrue(gen.source().contains("tp_model_run"), seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        ModelProto model;
        try {
            model = OnnxFiles.parse(data, FILE);
        } catch (IOException refused) {
            return;
        }
        try {
            Graph graph = OnnxReader.read(model);
            GeneratedModel gen =
                    CodeGenerator.generate(graph, CodegenProvenance.of(model, FILE, "host"));
            ResourceModel.of(gen.plan(), Overheads.NONE).evaluate();
            assertTrue(gen.source().contains("tp_model_run"), "generated C without tp_model_run");
        } catch (UnsupportedModelException refused) {
            assertTrue(
                    refused.getMessage() != null && !refused.getMessage().isBlank(),
                    "a refusal without a message");
        }
    }

    /**
     * Entry point of Jazzer's standalone driver (long runs).
     *
     * @param data the fuzzer's input
     */
    public static void fuzzerTestOneInput(byte[] data) {
        check(data);
    }
}
