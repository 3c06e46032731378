package org.tinyprune.link.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;

class BenchmarkClientTest {
    @Test
    void nameReassemblesLinesSplitAcrossReads() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .then("m-name-du")
                        .then("t-[tinyprune]\r")
                        .then("\nm-rea")
                        .then("dy\r\n");
        assertEquals("tinyprune", new BenchmarkClient(link, 500).name());
        assertEquals("name%", link.sentText());
    }

    @Test
    void garbageBytesAndNoiseLinesAreSkipped() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .thenBytes(0x00, 0xFF, 0x80)
                        .then("boot noise\r\n")
                        .then("m-lap-us-123\r\nm-ready\r\n");
        BenchmarkClient c = new BenchmarkClient(link, 500);
        assertEquals(123, c.timestampMicros());
        assertEquals(1, c.noiseLines());
    }

    @Test
    void errorLineIsRefusedWithTheBoardsWords() {
        ScriptedLink link = new ScriptedLink().then("e-[Unknown command: bogus]\r\nm-ready\r\n");
        LinkException e =
                assertThrows(
                        LinkException.class, () -> new BenchmarkClient(link, 500).command("bogus"));
        assertEquals(Kind.REFUSED, e.kind());
        assertEquals("board refused bogus%: e-[Unknown command: bogus]", e.getMessage());
    }

    @Test
    void timeoutReportsThePartialLine() {
        ScriptedLink link = new ScriptedLink().then("m-name-d");
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 100).name());
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("partial line \"m-name-d\""), e.getMessage());
    }

    @Test
    void boardThatRestartsMidCommandIsDetected() {
        ScriptedLink link =
                new ScriptedLink()
                        .then("m-warmup-start-1\r\n")
                        .then(
                                "m-timestamp-mode-performance\r\nm-lap-us-0\r\nm-init-done\r\nm-ready\r\n");
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 500).infer(1, 1));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("restarted while answering infer 1 1%"), e.getMessage());
    }

    @Test
    void vanishingPortIsGone() {
        ScriptedLink link = new ScriptedLink().then("m-na").thenVanish();
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 500).name());
        assertEquals(Kind.GONE, e.kind());
    }

    @Test
    void bootBannerEndsWithReady() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                "m-timestamp-mode-performance\r\nm-lap-us-40\r\nm-init-done\r\nm-ready\r\n");
        Reply r = new BenchmarkClient(link, 500).awaitReady(500);
        assertEquals(
                List.of("m-timestamp-mode-performance", "m-lap-us-40", "m-init-done"), r.lines());
    }

    @Test
    void inputIsLoadedInChunksThatFitEightyCharactersAndConfirmedByItsCrc() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .afterWrite()
                        .then(RealReplies.DB_LOAD)
                        .afterWrite()
                        .then(RealReplies.DB_CHUNK)
                        .afterWrite()
                        .then(RealReplies.DB_LAST_CHUNK)
                        .afterWrite()
                        .then(RealReplies.TP_INPUT_CRC);
        BenchmarkClient client = new BenchmarkClient(link, 500);
        client.loadInput(RealReplies.INPUT);
        String[] cmds = link.sentText().split("%");
        assertEquals(4, cmds.length);
        assertEquals("db load 64", cmds[0]);
        assertEquals(
                "db c0c7ced5dce3eaf1f8ff060d141b222930373e454c535a61686f767d848b9299a0a7aeb5bcc3",
                cmds[1]);
        assertEquals(80 - 1, cmds[1].length());
        assertEquals("db cad1d8dfe6edf4fb020910171e252c333a41484f565d646b7279", cmds[2]);
        assertEquals("tp-input-crc", cmds[3]);
        assertEquals(0, client.retries());
    }

    @Test
    void loadWithoutLoadDoneIsReloadedThenALinkError() {
        ScriptedLink link = new ScriptedLink();
        for (int i = 0; i < BenchmarkClient.ATTEMPTS; i++) {
            link.afterWrite()
                    .then(RealReplies.DB_LOAD)
                    .afterWrite()
                    .then(RealReplies.DB_CHUNK)
                    .afterWrite()
                    .then(RealReplies.DB_CHUNK)
                    .afterWrite()
                    .then(RealReplies.EMPTY);
        }
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 500).loadInput(RealReplies.INPUT));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith("script: the 64-byte input (db) arrived corrupted 3 times"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("the db chunk at byte 38 of 64 was answered [], not m-load-done"),
                e.getMessage());
        assertEquals(3, link.sentText().split("db load 64%", -1).length - 1, "three loads");
    }

    @Test
    void inferParsesWindowAndResults() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .afterWrite()
                        .then(
                                "m-warmup-start-2\r\nm-warmup-done\r\n"
                                        + "m-infer-start-5\r\nm-lap-us-1000\r\nm-lap-us-6000\r\nm-infer-done\r\nm-results-[0.125,-2.500,3.000]\r\n"
                                        + "m-ready\r\n")
                        .afterWrite()
                        .then("m-results-[0.125,-2.500,3.000]\r\nm-ready\r\n");
        Inference inf = new BenchmarkClient(link, 500).infer(5, 2);
        assertEquals("infer 5 2%results%", link.sentText());
        assertEquals(5000, inf.windowMicros());
        assertEquals(1000.0, inf.microsPerRun());
        assertEquals(List.of(0.125, -2.5, 3.0), inf.results());
        assertEquals(2, inf.argmax());
    }

    @Test
    void overlongCommandIsRefusedBeforeSending() {
        ScriptedLink link = new ScriptedLink();
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 500).command("x".repeat(81)));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertEquals(0, link.sent.size());
    }

    @Test
    void faultLineFailsAtOnceInsteadOfWaitingForReady() {
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                "e-[fault: pc=0x00004abc lr=0x00004a01 cfsr=0x00008200 "
                                        + "hfsr=0x40000000 bfar=0xdeadbeef]\r\n");
        long t = System.nanoTime();
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 5000).command("tp-run"));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage().contains("faulted while answering tp-run% and stopped"),
                e.getMessage());
        assertTrue(System.nanoTime() - t < 2_000_000_000L, "no wait for the 5 s timeout");
    }
}
