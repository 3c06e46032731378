package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.onnx.MalformedModels;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * The commands that read an ONNX file refuse a damaged one with the bad-input code and its
 * initializer's name.
 */
class DamagedOnnxCommandsTest {
    @TempDir Path dir;

    @Test
    void codegenAndQuantizeExitWithTheBadInputCodeNamingTheInitializer() throws Exception {
        ModelProto m =
                ModelProto.parseFrom(
                        Files.readAllBytes(
                                RepositoryRoot.locate()
                                        .resolve("fixtures/onnx/fmnist_cnn/model.onnx")));
        String w = m.getGraph().getInitializer(0).getName();
        for (String damage : List.of("dims overflow long", "dim -1", "raw_data one byte short")) {
            Path bad = dir.resolve("bad.onnx");
            Files.write(
                    bad,
                    MalformedModels.of(m).get("initializer " + w + ": " + damage).toByteArray());
            for (String[] args :
                    List.of(
                            new String[] {
                                "codegen",
                                "--onnx",
                                bad.toString(),
                                "--target",
                                "host",
                                "--out",
                                dir.resolve("c").toString()
                            },
                            new String[] {
                                "quantize",
                                "--onnx",
                                bad.toString(),
                                "--out",
                                dir.resolve("q").toString()
                            })) {
                StringWriter err = new StringWriter();
                int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
                assertEquals(ExitCodes.BAD_INPUT, code, args[0] + " " + damage + ": " + err);
                assertTrue(
                        err.toString().contains("initializer '" + w + "'"),
                        args[0] + " " + damage + ": " + err);
            }
        }
    }
}
