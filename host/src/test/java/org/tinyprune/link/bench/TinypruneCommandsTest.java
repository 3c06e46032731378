package org.tinyprune.link.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyprune.link.bench.RealReplies.withCrc;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;

/**
 * Replies of device-runtime/server (m-KEY-[VALUE] lines, m-tp-crc- last), recorded from the board.
 */
class TinypruneCommandsTest {
    static TinypruneCommands with(ScriptedLink link) {
        return new TinypruneCommands(new BenchmarkClient(link, 500));
    }

    @Test
    void identityParsesEveryField() throws Exception {
        ScriptedLink link = new ScriptedLink().then(RealReplies.TP_IDENTITY);
        DeviceIdentity id = with(link).identity();
        assertEquals(
                new DeviceIdentity(
                        "qemu-m4",
                        "cortex-m4",
                        25_000_000,
                        true,
                        "systick",
                        "instructions",
                        40,
                        "0x9b9c6b25",
                        64,
                        10,
                        2),
                id);
        assertEquals("tp-identity%", link.sentText());
    }

    @Test
    void memoryParsesSizes() throws Exception {
        DeviceMemory m = with(new ScriptedLink().then(RealReplies.TP_MEMORY)).memory();
        assertEquals(new DeviceMemory(8, 252, 260, 106, 8192, 268, 12868), m);
        assertEquals(260 + 268, m.sramUsedBytes());
    }

    @Test
    void layersParseIndexNameCycles() throws Exception {
        assertEquals(
                List.of(new LayerCycles(0, "fc1", 14040), new LayerCycles(1, "fc2", 2560)),
                with(new ScriptedLink().then(RealReplies.TP_LAYERS)).layers());
    }

    @Test
    void runReturnsCyclesAndSignedOutput() throws Exception {
        ModelRun run = with(new ScriptedLink().then(RealReplies.TP_RUN)).run();
        assertEquals(16560, run.cycles());
        assertArrayEquals(new byte[] {-23, -7, -40, 41, 5, -6, -126, -13, 91, -43}, run.output());
    }

    @Test
    void windowAndTimedWindowAgreeWithInfersLaps() throws Exception {
        assertEquals(
                new TimedWindow(3, 1242, 49680, 52),
                with(new ScriptedLink().then(RealReplies.TP_WINDOW)).window());
        ScriptedLink link =
                new ScriptedLink()
                        .afterWrite()
                        .then(RealReplies.INFER_3_1)
                        .afterWrite()
                        .then(RealReplies.RESULTS_3_1)
                        .afterWrite()
                        .then(RealReplies.TP_WINDOW);
        TimedWindow w = with(link).timedWindow(3, 1);
        assertEquals(new TimedWindow(3, 1242, 49680, 2051 - 1999), w);
        assertEquals("infer 3 1%results%tp-window%", link.sentText());
    }

    @Test
    void errorLineUnderAValidCrcIsTheBoardsAnswer() {
        ScriptedLink link = new ScriptedLink().then(RealReplies.TP_WINDOW_NONE);
        LinkException e = assertThrows(LinkException.class, () -> with(link).windowCycles());
        assertEquals(Kind.REFUSED, e.kind());
        assertEquals(
                "board refused tp-window%: e-[No timed window: run infer N W first]",
                e.getMessage());
        assertEquals("tp-window%", link.sentText(), "a refusal under a valid CRC is not repeated");
    }

    @Test
    void malformedNumberNamesTheLine() {
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                withCrc(
                                        "m-tp-window-runs-[1]\r\nm-tp-window-ticks-[-5]\r\n"
                                                + "m-tp-window-cycles-[lots]\r\nm-tp-window-laps-us-[1]-[2]\r\n"));
        LinkException e = assertThrows(LinkException.class, () -> with(link).windowCycles());
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("m-tp-window-ticks-[-5], not a number"), e.getMessage());
    }

    @Test
    void inconsistentValuesUnderAValidCrcAreRefused() {
        // cycles not a multiple of ticks: the firmware is wrong, not the line
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                withCrc(
                                        "m-tp-window-runs-[3]\r\nm-tp-window-ticks-[1242]\r\n"
                                                + "m-tp-window-cycles-[49681]\r\nm-tp-window-laps-us-[1999]-[2051]\r\n"));
        LinkException e = assertThrows(LinkException.class, () -> with(link).window());
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage().contains("cycles that are ticks times the cycle resolution"),
                e.getMessage());

        ScriptedLink memory =
                new ScriptedLink()
                        .then(
                                withCrc(
                                        "m-tp-data-bytes-[8]\r\nm-tp-bss-bytes-[252]\r\n"
                                                + "m-tp-static-ram-bytes-[261]\r\nm-tp-arena-bytes-[106]\r\nm-tp-stack-size-bytes-[8192]\r\n"
                                                + "m-tp-stack-used-bytes-[268]\r\nm-tp-flash-image-bytes-[12868]\r\n"));
        e = assertThrows(LinkException.class, () -> with(memory).memory());
        assertTrue(e.getMessage().contains("static RAM = data + bss"), e.getMessage());

        ScriptedLink layers =
                new ScriptedLink()
                        .then(
                                withCrc(
                                        "m-tp-layer-[0]-[fc1]-[14040]\r\n"
                                                + "m-tp-layer-[2]-[fc2]-[2560]\r\nm-tp-layers-cycles-[16680]\r\n"));
        e = assertThrows(LinkException.class, () -> with(layers).layers());
        assertTrue(e.getMessage().contains("m-tp-layer-[1]-[name]-[cycles]"), e.getMessage());
    }
}
