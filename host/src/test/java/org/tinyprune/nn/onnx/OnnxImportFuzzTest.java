package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyprune.fuzz.FuzzInputs;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * Fuzzes what {@code prune --onnx} and {@code prune-and-flash --onnx} do with a file: parse it as
 * ONNX and import it into the training engine ({@link OnnxImporter}). Every input is either
 * imported or refused as the importer documents: not a protobuf ({@link OnnxImporter#read} turns
 * that into an {@link OnnxImportException}) or an {@link OnnxImportException} listing the reasons;
 * any other exception, an {@link OutOfMemoryError} or a hang is a finding.
 */
class OnnxImportFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void modelImportsOrIsRefused(byte[] data) {
        check(data);
    }

    /** The seeds are models the importer accepts. */
    @Test
    void validSeedsImport() throws Exception {
        for (Path seed : FuzzInputs.valid(OnnxImportFuzzTest.class, "modelImportsOrIsRefused")) {
            ImportedModel m = OnnxImporter.importModel(seed, null);
            assertTrue(m.graph().nodes().size() > 1, seed.toString());
        }
    }

    /** The property, shared with the standalone entry point that long runs use. */
    static void check(byte[] data) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(data);
        } catch (InvalidProtocolBufferException refused) {
            return;
        }
        try {
            OnnxImporter.importModel(model, "fuzz.onnx", null);
        } catch (OnnxImportException refused) {
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
