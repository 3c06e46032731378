package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

class OnnxModelBuilderTest {

    /** y = Clip(Relu(x) * w + b, 0, 6) row-wise via Gemm; checked by ONNX Runtime. */
    private static ModelProto gemmReluClip(String batchParam) {
        OnnxModelBuilder b = new OnnxModelBuilder("tiny").producer("tinyprune", "test");
        b.input(
                batchParam == null
                        ? OnnxValueInfos.tensor("x", DataType.FLOAT, 2, 3)
                        : OnnxValueInfos.batched("x", DataType.FLOAT, batchParam, 3));
        // Gemm with transB=1: W is [out=2, in=3].
        b.initializer(OnnxTensors.floats("w", new long[] {2, 3}, new float[] {1, 2, 3, -1, 0, 1}));
        b.initializer(OnnxTensors.floats("b", new long[] {2}, new float[] {0.5f, 10f}));
        b.initializer(OnnxTensors.scalar("lo", 0f));
        b.initializer(OnnxTensors.scalar("hi", 6f));
        b.node("Relu", "relu", List.of("x"), List.of("r"));
        b.node("Gemm", "fc", List.of("r", "w", "b"), List.of("g"), OnnxAttributes.of("transB", 1L));
        b.node("Clip", "clip", List.of("g", "lo", "hi"), List.of("y"));
        b.output(
                batchParam == null
                        ? OnnxValueInfos.tensor("y", DataType.FLOAT, 2, 2)
                        : OnnxValueInfos.batched("y", DataType.FLOAT, batchParam, 2));
        b.metadata("tinyprune.seed", "7");
        return b.build();
    }

    @Test
    void builtModelRunsInOnnxRuntimeWithHandWorkedResult() throws Exception {
        for (String batch : new String[] {null, "N"}) {
            ModelProto model = gemmReluClip(batch);
            assertEquals(13, model.getOpsetImport(0).getVersion());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s =
                            env.createSession(
                                    model.toByteArray(), new OrtSession.SessionOptions());
                    OnnxTensor x =
                            OnnxTensor.createTensor(
                                    env,
                                    FloatBuffer.wrap(new float[] {1, -1, 1, 0.1f, 0.2f, -5}),
                                    new long[] {2, 3});
                    OrtSession.Result r = s.run(Map.of("x", x))) {
                float[][] y = (float[][]) r.get(0).getValue();
                // row 0: relu -> (1,0,1): 1+3+0.5=4.5 ; -1+1+10=10 -> clip 6
                // row 1: relu -> (.1,.2,0): .1+.4+.5=1.0 ; -.1+0+10=9.9 -> clip 6
                assertArrayEquals(new float[] {4.5f, 6f}, y[0], 1e-6f);
                assertArrayEquals(new float[] {1.0f, 6f}, y[1], 1e-6f);
                assertEquals("7", s.getMetadata().getCustomMetadata().get("tinyprune.seed"));
            }
        }
    }

    @Test
    void undefinedInputNamesTheNode() {
        OnnxModelBuilder b = new OnnxModelBuilder("g");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1));
        b.node("Relu", "block3.relu", List.of("missing"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(
                e.getMessage().contains("block3.relu") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void duplicateValuesAndMissingOutputsAreRejected() {
        OnnxModelBuilder dup = new OnnxModelBuilder("g");
        dup.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1));
        dup.node("Relu", "a", List.of("x"), List.of("x"));
        assertThrows(IllegalStateException.class, dup::build);

        OnnxModelBuilder noOut = new OnnxModelBuilder("g");
        noOut.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1));
        noOut.output(OnnxValueInfos.tensor("nowhere", DataType.FLOAT, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, noOut::build);
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void oldOpsetAndDuplicateMetadataAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OnnxModelBuilder("g").opset(11));
        OnnxModelBuilder b = new OnnxModelBuilder("g").metadata("k", "1");
        assertThrows(IllegalArgumentException.class, () -> b.metadata("k", "2"));
    }
}
