package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

class OnnxFilesTest {

    @TempDir Path dir;

    private static ModelProto identity(String graph) {
        return new OnnxModelBuilder(graph)
                .input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1))
                .node("Identity", "id", List.of("x"), List.of("y"))
                .output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1))
                .build();
    }

    @Test
    void writeThenReadRoundTripsAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("sub/model.onnx");
        OnnxFiles.write(identity("first"), file);
        OnnxFiles.write(identity("second"), file);
        assertEquals("second", OnnxFiles.read(file).getGraph().getName());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void garbageIsReportedWithTheFileName() throws IOException {
        Path file = dir.resolve("notes.onnx");
        Files.writeString(file, "this is not protobuf \u00ff\u00fe");
        IOException e = assertThrows(IOException.class, () -> OnnxFiles.read(file));
        assertTrue(e.getMessage().contains("notes.onnx"), e.getMessage());
    }
}
