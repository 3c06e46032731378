package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.link.an3155.TestElf;

/**
 * {@code --port rfc2217://HOST:PORT}: a malformed URL is a usage error naming the flag, raised
 * while the command line is parsed (the model and firmware named here do not exist, so a message
 * about them means the port was checked too late); a well-formed one that nothing serves is a
 * board failure naming the address.
 */
class PortOptionTest {
    @TempDir
    Path dir;

    private record Result(int code, String err) {
    }

    private Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void malformedUrlsAreUsageErrorsBeforeAnythingIsRead() {
        String onnx = dir.resolve("none.onnx").toString();
        String out = dir.resolve("out").toString();
        for (String port : new String[] {"rfc2217://board-farm", "rfc2217://board-farm:0",
            "rfc2217://board-farm:70000", "tcp://board-farm:4001"}) {
            for (String[] args : new String[][] {
                {"measure", "--board", "qemu-m4", "--onnx", onnx, "--out", out, "--port", port},
                {"flash", "--board", "qemu-m4", "--firmware", dir.resolve("none.elf").toString(), "--port", port},
                {"calibrate", "--board", "qemu-m4", "--out", out, "--port", port}}) {
                Result r = run(args);
                assertEquals(ExitCodes.USAGE, r.code(), r.err());
                assertTrue(r.err().contains("--port") && r.err().contains(port), r.err());
                assertFalse(r.err().contains("none.onnx") || r.err().contains("none.elf"), r.err());
                assertFalse(Files.exists(dir.resolve("out")), "no run directory is left behind");
            }
        }
    }

    @Test
    void aRefusedConnectionIsABoardFailureNamingTheAddress() throws IOException {
        Path elf = Files.write(dir.resolve("a.elf"), TestElf.build(new long[] {0x08000000, 64, 64}));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = run("flash", "--board", "nucleo-l4r5zi", "--firmware", elf.toString(),
                "--port", "rfc2217://127.0.0.1:" + port);
        assertEquals(ExitCodes.BOARD, r.code(), r.err());
        assertTrue(r.err().startsWith("tinyprune: rfc2217://127.0.0.1:" + port + " refused the connection"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }
}
