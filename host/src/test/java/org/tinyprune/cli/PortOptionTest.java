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
 * about them means the port was checked too late); a well-formed one that nothing serves is a board
 * failure naming the address.
 */
class PortOptionTest {
    @TempDir Path dir;

    private record Result(int code, String err) {}

    private Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void malformedUrlsAreUsageErrorsBeforeAnythingIsRead() {
        String onnx = dir.resolve("none.onnx").toString();
        String out = dir.resolve("out").toString();
        for (String port :
                new String[] {
                    "rfc2217://board-farm",
                    "rfc2217://board-farm:0",
                    "rfc2217://board-farm:70000",
                    "tcp://board-farm:4001"
                }) {
            for (String[] args :
                    new String[][] {
                        {
                            "measure", "--board", "qemu-m4", "--onnx", onnx, "--out", out, "--port",
                            port
                        },
                        {
                            "flash",
                            "--board",
                            "qemu-m4",
                            "--firmware",
                            dir.resolve("none.elf").toString(),
                            "--port",
                            port
                        },
                        {"calibrate", "--board", "qemu-m4", "--out", out, "--port", port}
                    }) {
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
        Path elf =
                Files.write(dir.resolve("a.elf"), TestElf.build(new long[] {0x08000000, 64, 64}));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r =
                run(
                        "flash",
                        "--board",
                        "nucleo-l4r5zi",
                        "--firmware",
                        elf.toString(),
                        "--port",
                        "rfc2217://127.0.0.1:" + port);
        assertEquals(ExitCodes.BOARD, r.code(), r.err());
        assertTrue(
                r.err()
                        .startsWith(
                                "tinyprune: rfc2217://127.0.0.1:"
                                        + port
                                        + " refused the connection"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void aHostThatDoesNotResolveIsBadInputNamingTheAddress() throws IOException {
        Path elf =
                Files.write(dir.resolve("a.elf"), TestElf.build(new long[] {0x08000000, 64, 64}));
        String port = "rfc2217://nosuchhost.invalid:1"; // .invalid never resolves (RFC 2606)
        for (String[] args :
                new String[][] {
                    {
                        "flash",
                        "--board",
                        "nucleo-l4r5zi",
                        "--firmware",
                        elf.toString(),
                        "--port",
                        port
                    },
                    {
                        "calibrate",
                        "--board",
                        "nucleo-l4r5zi",
                        "--out",
                        dir.resolve("out").toString(),
                        "--port",
                        port
                    }
                }) {
            Result r = run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertTrue(
                    r.err()
                            .startsWith(
                                    "tinyprune: "
                                            + port
                                            + ": cannot resolve host 'nosuchhost.invalid'; "
                                            + "check the name in --port"),
                    r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(Files.exists(dir.resolve("out")), "no run directory is left behind");
        }
    }

    @Test
    void severalPortsAreCheckedAsOne() {
        String out = dir.resolve("out").toString();
        Result twice =
                run(
                        "calibrate",
                        "--board",
                        "qemu-m4",
                        "--out",
                        out,
                        "--port",
                        "/dev/ttyACM0",
                        "--port",
                        "/dev/ttyACM0");
        assertEquals(ExitCodes.USAGE, twice.code(), twice.err());
        assertTrue(twice.err().contains("--port /dev/ttyACM0 is named twice"), twice.err());
        Result both =
                run(
                        "calibrate",
                        "--board",
                        "qemu-m4",
                        "--out",
                        out,
                        "--port",
                        "emulated",
                        "--boards",
                        "2");
        assertEquals(ExitCodes.USAGE, both.code(), both.err());
        assertTrue(
                both.err().contains("--boards N (emulated boards) or --port, not both"),
                both.err());
        Result none = run("calibrate", "--board", "qemu-m4", "--out", out, "--boards", "0");
        assertEquals(ExitCodes.USAGE, none.code(), none.err());
        Result bad =
                run(
                        "calibrate",
                        "--board",
                        "qemu-m4",
                        "--out",
                        out,
                        "--port",
                        "emulated",
                        "--port",
                        "rfc2217://farm");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("rfc2217://farm"), bad.err());
        assertFalse(Files.exists(dir.resolve("out")), "no run directory is left behind");
    }
}
