package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.build.Firmware;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.LayerCycles;
import org.tinyprune.link.bench.ModelRun;
import org.tinyprune.link.bench.TimedWindow;
import org.tinyprune.link.bench.TinypruneCommands;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.Latency;
import org.tinyprune.measure.Measurement;

/**
 * The benchmark protocol over a noisy line, on the board: with reply bytes changed or dropped and
 * input bytes changed on their way, the client still returns exactly what the board computed (read
 * back over the clean line); and tinyprune's CRC lines leave the EEMBC / MLPerf Tiny replies byte
 * for byte as the protocol table of device-runtime/server/README.md gives them. Runs the firmware's
 * fixture model.
 */
@ExtendWith(BoardExtension.class)
class ReplyIntegrityOnBoardTest {
    static Firmware fixture;
    static int inputBytes;

    @BeforeAll
    static void flashFixture() throws Exception {
        fixture =
                BoardUnderTest.firmware(
                        null, Path.of("target", "hil", "fixture-crc").toAbsolutePath());
        board().flash(fixture.elf());
        inputBytes = (int) board().tinyprune().identity().inputBytes();
    }

    private static BoardSession board() {
        return BoardUnderTest.current();
    }

    private static String crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return String.format("%08x", c.getValue());
    }

    @Test
    void garbledLineStillGivesTheBoardsOwnFigures() throws Exception {
        TinypruneCommands clean = board().tinyprune();
        DeviceIdentity id = clean.identity();
        GarblingLink garbling = new GarblingLink(board().link(), 15, 1000, 7);
        BenchmarkClient client = new BenchmarkClient(garbling, 5000);
        TinypruneCommands tp = new TinypruneCommands(client);
        SplittableRandom random = new SplittableRandom(2);
        long slack = id.cycleResolution();
        for (int sample = 0; sample < 12; sample++) {
            byte[] input = new byte[inputBytes];
            random.nextBytes(input);
            client.loadInput(input);
            assertEquals(
                    crc(input),
                    board().client().command("tp-input-crc").value("tp-input-crc"),
                    "sample " + sample + ": the board holds the input the host meant");
            ModelRun run = tp.run();
            assertArrayEquals(
                    clean.output(), run.output(), "sample " + sample + ": output of the run");
            long again = clean.run().cycles();
            assertTrue(
                    Math.abs(again - run.cycles()) <= slack,
                    run.cycles() + " vs " + again + " cycles");

            TimedWindow window = tp.timedWindow(2, 1);
            assertEquals(
                    clean.window(), window, "sample " + sample + ": the window the board holds");
            assertEquals(id, tp.identity());
            List<LayerCycles> layers = tp.layers();
            assertEquals(
                    clean.layers().stream().map(LayerCycles::name).toList(),
                    layers.stream().map(LayerCycles::name).toList());
            assertEquals(clean.memory().arenaBytes(), tp.memory().arenaBytes());
        }
        Latency latency = new Measurement(client, null).latency(new byte[inputBytes], 3, 2, 1);
        assertEquals(
                clean.window().cycles(),
                latency.windowCycles().get(2),
                "the last window the board ran");
        System.out.printf(
                "garbled line: %d reply bytes changed or dropped, %d db chunks changed, %d retries%n",
                garbling.readFaults(), garbling.writeFaults(), client.retries());
        assertTrue(
                garbling.readFaults() >= 10 && garbling.writeFaults() >= 3,
                "the line was noisy: "
                        + garbling.readFaults()
                        + " read and "
                        + garbling.writeFaults()
                        + " write faults");
        assertTrue(
                client.retries() >= garbling.writeFaults(), "each changed input was loaded again");
    }

    /** Sends one command on the raw line and returns the exact reply, m-ready included. */
    private static String raw(String command) throws Exception {
        SerialLink link = board().link();
        link.write((command + "%").getBytes(StandardCharsets.US_ASCII));
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[512];
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!got.toString().endsWith("m-ready\r\n")) {
            assertTrue(System.nanoTime() < deadline, "no m-ready for " + command + "%: " + got);
            int n = link.read(buf, 0, buf.length, 1000);
            got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return got.toString();
    }

    @Test
    void eembcRepliesKeepTheProtocolTablesText() throws Exception {
        String table =
                Files.readString(BoardUnderTest.root().resolve("device-runtime/server/README.md"));
        for (String row :
                List.of(
                        "| `name%` | `m-name-dut-[tinyprune]` |",
                        "| `profile%` | `m-profile-[tinyprune-server-1]`, `m-model-[<benchmark id>]`, "
                                + "`m-board-[<board>; emulated: cycles are QEMU -icount shift=0 instruction counts]`",
                        "| `help%` | `tinyprune-server-1`, an empty line, then one line per command",
                        "| `timestamp%` | `m-lap-us-N`",
                        "| `db load N%` | `m-[Expecting N bytes]`",
                        "| `db print [N] [offset]%` | the buffer of the last `db load N` as hex, eight bytes per line: "
                                + "`m-buffer-0a-1b-2c-3d-4e-5f-60-71`",
                        "`m-load-done` when N bytes arrived",
                        "| `infer N W%` | `m-warmup-start-W`, `m-warmup-done`, `m-infer-start-N`, `m-lap-us-T0`, "
                                + "`m-lap-us-T1`, `m-infer-done`, `m-results-[...]`",
                        "| `results%` | `m-results-[p0,p1,...]`: the class probabilities, softmax of the outputs dequantised")) {
            assertTrue(table.contains(row), "the protocol table no longer has " + row);
        }
        board().client().name(); // the line is in step
        String results = "m-results-\\[[01]\\.\\d{6}(,[01]\\.\\d{6})*]\r\n";
        assertEquals("m-name-dut-[tinyprune]\r\nm-ready\r\n", raw("name"));
        String emulated =
                board().isEmulated()
                        ? "emulated: cycles are QEMU -icount shift=0 instruction counts"
                        : "silicon: cycles are core clock cycles";
        assertEquals(
                "m-profile-[tinyprune-server-1]\r\nm-model-[ic01]\r\nm-board-["
                        + board().profile().getName()
                        + "; "
                        + emulated
                        + "]\r\nm-ready\r\n",
                raw("profile"));
        assertTrue(raw("timestamp").matches("m-lap-us-\\d+\r\nm-ready\r\n"));
        assertEquals(
                "m-[Expecting " + inputBytes + " bytes]\r\nm-ready\r\n",
                raw("db load " + inputBytes));
        List<String> chunks = new ArrayList<>();
        for (int off = 0; off < inputBytes; off += BenchmarkClient.DB_CHUNK_BYTES) {
            chunks.add(
                    raw(
                            "db "
                                    + "5a"
                                            .repeat(
                                                    Math.min(
                                                            BenchmarkClient.DB_CHUNK_BYTES,
                                                            inputBytes - off))));
        }
        assertEquals("m-load-done\r\nm-ready\r\n", chunks.remove(chunks.size() - 1));
        chunks.forEach(c -> assertEquals("m-ready\r\n", c));
        String infer = raw("infer 2 1");
        assertTrue(
                infer.matches(
                        "m-warmup-start-1\r\nm-warmup-done\r\nm-infer-start-2\r\nm-lap-us-\\d+\r\n"
                                + "m-lap-us-\\d+\r\nm-infer-done\r\n"
                                + results
                                + "m-ready\r\n"),
                infer);
        String again = raw("results");
        assertTrue(again.matches(results + "m-ready\r\n"), again);
        assertEquals(
                infer.substring(infer.indexOf("m-results-")),
                again,
                "results% repeats infer's results");
        String help = raw("help");
        assertTrue(
                help.startsWith(
                        "tinyprune-server-1\r\n\r\nhelp         : Print this information\r\n"),
                help);
        for (String cmd :
                List.of(
                        "name",
                        "profile",
                        "timestamp",
                        "db SUBCMD",
                        "  print [N=all] [offset=0]",
                        "infer N",
                        "results")) {
            assertTrue(help.contains("\r\n" + cmd), "help% does not list " + cmd + ": " + help);
        }
        // the buffer holds the 0x5a bytes loaded above: eight per line, the last line shorter
        StringBuilder buffer = new StringBuilder();
        for (int off = 0; off < inputBytes; off += 8) {
            buffer.append("m-buffer-")
                    .append(
                            String.join(
                                    "-",
                                    java.util.Collections.nCopies(
                                            Math.min(8, inputBytes - off), "5a")))
                    .append("\r\n");
        }
        assertEquals(buffer + "m-ready\r\n", raw("db print"));
        assertEquals("m-buffer-5a-5a-5a\r\nm-ready\r\n", raw("db print 3 " + (inputBytes - 10)));
        assertEquals(
                "m-buffer-5a\r\nm-ready\r\n",
                raw("db print 8 " + (inputBytes - 1)),
                "clipped to the buffer");
        String window = raw("tp-window");
        assertTrue(
                window.matches(
                        "(m-tp-[a-z-]+(-\\[[0-9]+])+\r\n)+m-tp-crc-\\[[0-9a-f]{8}]\r\nm-ready\r\n"),
                window);
    }
}
