package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import picocli.CommandLine;

/** {@code tinyprune codegen}, registered as Main would register it. */
class CodegenCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir Path dir;

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path model(String op) throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder("tiny");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1, 3));
        b.initializer(
                OnnxTensors.floats("w", new long[] {2, 3}, new float[] {1, 2, 3, -1, -2, -3}));
        b.node(
                "Gemm",
                "fc",
                List.of("x", "w"),
                List.of("h"),
                org.tinyprune.onnx.OnnxAttributes.of("transB", 1L));
        b.node(op, "act", List.of("h"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 2));
        Path p = dir.resolve(op + ".onnx");
        OnnxFiles.write(b.build(), p);
        return p;
    }

    @Test
    void generatesBuildsAndRunsAHostModel() throws Exception {
        Path outDir = dir.resolve("gen");
        assertEquals(
                ExitCodes.OK,
                run(
                        "codegen",
                        "--onnx",
                        model("Relu").toString(),
                        "--target",
                        "host",
                        "--out",
                        outDir.toString(),
                        "--build"),
                err.toString());
        assertTrue(out.toString().contains("arena 20 B, lower bound 20 B"), out.toString());
        assertTrue(Files.readString(outDir.resolve("model.h")).contains("codegen.target = host"));
        ByteBuffer in = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        in.asFloatBuffer().put(new float[] {1, 1, 1});
        Files.write(outDir.resolve("x.bin"), in.array());
        HostBuild.run(
                outDir.resolve("tp_runner"),
                outDir.resolve("x.bin").toString(),
                outDir.resolve("y.bin").toString());
        float[] y = new float[2];
        ByteBuffer.wrap(Files.readAllBytes(outDir.resolve("y.bin")))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(y);
        assertEquals(6f, y[0]); // relu(1 + 2 + 3)
        assertEquals(0f, y[1]); // relu(-6)
    }

    @Test
    void unsupportedOperatorIsBadInputNamingTheNode() throws Exception {
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "codegen",
                        "--onnx",
                        model("Tanh").toString(),
                        "--out",
                        dir.resolve("gen").toString()));
        assertTrue(
                err.toString().contains("node 'act' (Tanh): operator not supported"),
                err.toString());
    }
}
