package org.tinyprune.link.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyprune.link.bench.RealReplies.EMPTY;
import static org.tinyprune.link.bench.RealReplies.corrupt;

import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;

/**
 * Replies the line corrupted (real replies of the board with a digit flipped, a byte dropped, a
 * line cut): the client notices, resynchronises ({@code %}, whose answer is {@code e-[Empty
 * command]}), asks again and returns the board's figure, or ends with a link error; it never
 * returns the corrupted number.
 */
class ReplyIntegrityTest {
    private static TinypruneCommands tp(BenchmarkClient c) {
        return new TinypruneCommands(c);
    }

    /** A script that answers each write with the next reply. */
    private static ScriptedLink answers(String... replies) {
        ScriptedLink link = new ScriptedLink();
        for (String r : replies) {
            link.afterWrite().then(r);
        }
        return link;
    }

    @Test
    void flippedDigitInWindowCyclesIsAskedAgain() throws Exception {
        String flipped = corrupt(RealReplies.TP_WINDOW, "cycles-[49680]", "cycles-[49880]");
        ScriptedLink link = answers(flipped, EMPTY, RealReplies.TP_WINDOW);
        BenchmarkClient client = new BenchmarkClient(link, 500);
        assertEquals(49680, tp(client).windowCycles());
        assertEquals("tp-window%%tp-window%", link.sentText());
        assertEquals(1, client.retries());
    }

    @Test
    void droppedByteInTheOutputIsAskedAgain() throws Exception {
        String dropped = corrupt(RealReplies.TP_RUN, "e9f9d829", "e9fd829");
        ScriptedLink link = answers(dropped, EMPTY, RealReplies.TP_RUN);
        ModelRun run = tp(new BenchmarkClient(link, 500)).run();
        assertEquals(16560, run.cycles());
        assertArrayEquals(new byte[] {-23, -7, -40, 41, 5, -6, -126, -13, 91, -43}, run.output());
    }

    @Test
    void nonPrintableByteIsNotSilentlySkipped() throws Exception {
        // the client drops bytes outside printable ASCII; the CRC still sees that one is missing
        String flipped = corrupt(RealReplies.TP_RUN, "16560", "165\u00b60");
        ScriptedLink link = answers(flipped, EMPTY, RealReplies.TP_RUN);
        assertEquals(16560, tp(new BenchmarkClient(link, 500)).run().cycles());
    }

    @Test
    void lineCutShortIsAskedAgain() throws Exception {
        // bytes lost from the middle of a line to the middle of the next one
        String cut = corrupt(RealReplies.TP_WINDOW, "ticks-[1242]\r\nm-tp-window-", "ticks-[12");
        ScriptedLink link = answers(cut, EMPTY, RealReplies.TP_WINDOW);
        assertEquals(
                new TimedWindow(3, 1242, 49680, 52), tp(new BenchmarkClient(link, 500)).window());
    }

    @Test
    void replyCutOffBeforeReadyIsAskedAgainAfterTheTimeout() throws Exception {
        String cut = RealReplies.TP_WINDOW.substring(0, 30);
        ScriptedLink link = answers(cut, EMPTY, RealReplies.TP_WINDOW);
        BenchmarkClient client = new BenchmarkClient(link, 300);
        assertEquals(49680, tp(client).windowCycles());
        assertEquals(1, client.retries());
    }

    @Test
    void corruptedEveryTimeEndsInALinkErrorNamingThePort() {
        String flipped = corrupt(RealReplies.TP_WINDOW, "cycles-[49680]", "cycles-[49880]");
        ScriptedLink link =
                answers(flipped, EMPTY, flipped, EMPTY, flipped, EMPTY, RealReplies.TP_WINDOW);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> tp(new BenchmarkClient(link, 500)).windowCycles());
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "script: the reply to tp-window% arrived corrupted 3 times (CRC "
                                        + "mismatch in the reply to tp-window%: the board sent m-tp-crc-[30a32a5f]"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("the serial line corrupts or drops bytes"), e.getMessage());
        assertFalse(
                e.getMessage().contains("model") || e.getMessage().contains("kernel"),
                e.getMessage());
        assertEquals("tp-window%%tp-window%%tp-window%", link.sentText(), "three tries, no more");
    }

    @Test
    void garbledReadyAfterAValidCrcKeepsTheReplyAndResynchronisesBeforeTheNextCommand()
            throws Exception {
        String garbled = corrupt(RealReplies.TP_WINDOW, "m-ready", "m-reaXy");
        ScriptedLink link = answers(garbled, EMPTY, RealReplies.TP_RUN);
        BenchmarkClient client = new BenchmarkClient(link, 5000);
        long t = System.nanoTime();
        assertEquals(49680, tp(client).windowCycles());
        assertEquals(16560, tp(client).run().cycles());
        assertTrue(System.nanoTime() - t < 3_000_000_000L, "no wait for the 5 s timeout");
        assertEquals("tp-window%%tp-run%", link.sentText());
    }

    @Test
    void readyGarbledBeyondRecognitionAfterAValidCrcEndsTheReplyAfterAGrace() throws Exception {
        String garbled = corrupt(RealReplies.TP_WINDOW, "m-ready", "m-rXaXy");
        ScriptedLink link = answers(garbled, EMPTY, RealReplies.TP_LAYERS);
        BenchmarkClient client = new BenchmarkClient(link, 5000);
        long t = System.nanoTime();
        assertEquals(49680, tp(client).windowCycles());
        assertEquals(2, tp(client).layers().size());
        assertTrue(System.nanoTime() - t < 3_000_000_000L, "no wait for the 5 s timeout");
        assertEquals("tp-window%%tp-layers%", link.sentText());
    }

    @Test
    void commandSlowerThanItsDeadlineIsATimeoutNotCorruption() {
        String started = "m-warmup-start-1\r\n";
        ScriptedLink link = answers(started, EMPTY, started, EMPTY, started);
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 200).infer(3, 1));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith("script: no m-ready for infer 3 1% within 200 ms, 3 times"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the command takes longer than that"), e.getMessage());
    }

    @Test
    void readyGluedToTheLineBeforeEndsTheReplyWithoutWaitingForTheTimeout() throws Exception {
        String glued = corrupt(RealReplies.TP_WINDOW, "]\r\nm-ready", "]\rXm-ready");
        ScriptedLink link = answers(glued, EMPTY, RealReplies.TP_WINDOW);
        long t = System.nanoTime();
        assertEquals(49680, tp(new BenchmarkClient(link, 5000)).windowCycles());
        assertTrue(System.nanoTime() - t < 3_000_000_000L, "no wait for the 5 s timeout");
    }

    @Test
    void readyMissingItsLineEndCountsAfterSilence() throws Exception {
        String noEnd = RealReplies.TP_RUN.substring(0, RealReplies.TP_RUN.length() - 2);
        ScriptedLink link = answers(noEnd, EMPTY, RealReplies.TP_OUTPUT);
        BenchmarkClient client = new BenchmarkClient(link, 5000);
        long t = System.nanoTime();
        assertEquals(16560, tp(client).run().cycles());
        assertEquals(10, tp(client).output().length);
        assertTrue(System.nanoTime() - t < 3_000_000_000L, "no wait for the 5 s timeout");
    }

    @Test
    void commandGarbledOnItsWayIsALinkFaultNotAnUnknownCommand() throws Exception {
        ScriptedLink link =
                answers(
                        "e-[Unknown command: tp-wimdow]\r\nm-ready\r\n",
                        EMPTY,
                        RealReplies.TP_WINDOW);
        assertEquals(49680, tp(new BenchmarkClient(link, 500)).windowCycles());
        ScriptedLink merged =
                answers(
                        "e-[Command longer than 80 characters]\r\nm-ready\r\n",
                        EMPTY,
                        RealReplies.INFER_3_1,
                        RealReplies.RESULTS_3_1);
        assertEquals(52, new BenchmarkClient(merged, 500).infer(3, 1).windowMicros());
    }

    @Test
    void unknownTinypruneCommandAsSentIsRefusedAtOnce() {
        ScriptedLink link = answers(RealReplies.TP_BOGUS);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 500).command("tp-bogus"));
        assertEquals(Kind.REFUSED, e.kind());
        assertTrue(
                e.getMessage()
                        .contains("e-[Unknown command: tp-bogus]; the firmware does not know this"),
                e.getMessage());
        assertEquals("tp-bogus%", link.sentText());
    }

    @Test
    void inferWithAChangedLapIsRunAgainWhenTpWindowDisagrees() throws Exception {
        String flipped = corrupt(RealReplies.INFER_3_1, "m-lap-us-2051", "m-lap-us-2081");
        ScriptedLink link =
                answers(
                        flipped,
                        RealReplies.RESULTS_3_1,
                        RealReplies.TP_WINDOW,
                        RealReplies.INFER_3_1,
                        RealReplies.RESULTS_3_1,
                        RealReplies.TP_WINDOW);
        TimedWindow w = tp(new BenchmarkClient(link, 500)).timedWindow(3, 1);
        assertEquals(52, w.windowMicros());
        assertEquals(49680, w.cycles());
        assertEquals("infer 3 1%results%tp-window%infer 3 1%results%tp-window%", link.sentText());
    }

    @Test
    void inferThatKeepsDisagreeingWithTpWindowIsALinkError() {
        String flipped = corrupt(RealReplies.INFER_3_1, "m-lap-us-1999", "m-lap-us-1899");
        ScriptedLink link =
                answers(
                        flipped,
                        RealReplies.RESULTS_3_1,
                        RealReplies.TP_WINDOW,
                        flipped,
                        RealReplies.RESULTS_3_1,
                        RealReplies.TP_WINDOW,
                        flipped,
                        RealReplies.RESULTS_3_1,
                        RealReplies.TP_WINDOW);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> tp(new BenchmarkClient(link, 500)).timedWindow(3, 1));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "script: infer 3 1% and tp-window% disagreed 3 times (infer's "
                                        + "m-lap-us- lines span 152 us, tp-window's copy 52 us"),
                e.getMessage());
    }

    @Test
    void inferWhoseEchoedCountsDifferIsAskedAgain() throws Exception {
        String other = corrupt(RealReplies.INFER_3_1, "m-infer-start-3", "m-infer-start-8");
        String lost = corrupt(RealReplies.INFER_3_1, "m-warmup-done\r\n", "m-warmup-dXne\r\n");
        ScriptedLink link =
                answers(other, EMPTY, lost, EMPTY, RealReplies.INFER_3_1, RealReplies.RESULTS_3_1);
        BenchmarkClient client = new BenchmarkClient(link, 500);
        Inference inf = client.infer(3, 1);
        assertEquals(52, inf.windowMicros());
        assertEquals(8, inf.argmax());
        assertEquals(2, client.retries());
    }

    @Test
    void eembcRefusalCountsWhenASecondTryRepeatsIt() {
        ScriptedLink link = answers(RealReplies.INFER_NO_INPUT, EMPTY, RealReplies.INFER_NO_INPUT);
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 500).infer(1, 0));
        assertEquals(Kind.REFUSED, e.kind());
        assertEquals(
                "board refused infer 1 0%: e-[No input: send db load N then db HEX]",
                e.getMessage());
    }

    @Test
    void eembcErrorLineThatDoesNotRepeatWasTheLine() throws Exception {
        String garbled = corrupt(RealReplies.INFER_NO_INPUT, "No input", "No inXut");
        ScriptedLink link = answers(garbled, EMPTY, RealReplies.INFER_3_1, RealReplies.RESULTS_3_1);
        assertEquals(52, new BenchmarkClient(link, 500).infer(3, 1).windowMicros());
    }

    @Test
    void inputThatArrivedChangedIsLoadedAgain() throws Exception {
        // the board computed the CRC of what it received: one hex digit differed on the way
        ScriptedLink link =
                answers(
                        RealReplies.DB_LOAD,
                        RealReplies.DB_CHUNK,
                        RealReplies.DB_LAST_CHUNK,
                        RealReplies.TP_INPUT_CRC_OTHER_INPUT,
                        EMPTY,
                        RealReplies.DB_LOAD,
                        RealReplies.DB_CHUNK,
                        RealReplies.DB_LAST_CHUNK,
                        RealReplies.TP_INPUT_CRC);
        BenchmarkClient client = new BenchmarkClient(link, 500);
        client.loadInput(RealReplies.INPUT);
        assertEquals(1, client.retries());
        assertEquals(2, link.sentText().split("db load 64%", -1).length - 1, "loaded twice");
    }

    @Test
    void loadDoneEarlyOrLateIsLoadedAgain() throws Exception {
        // a lost '%' glued two chunks together: m-load-done came one chunk early
        ScriptedLink link =
                answers(
                        RealReplies.DB_LOAD,
                        RealReplies.DB_LAST_CHUNK,
                        EMPTY,
                        RealReplies.DB_LOAD,
                        RealReplies.DB_CHUNK,
                        RealReplies.DB_LAST_CHUNK,
                        RealReplies.TP_INPUT_CRC);
        new BenchmarkClient(link, 500).loadInput(RealReplies.INPUT);
        // the board holds only part of the input although m-load-done arrived (a forged line)
        ScriptedLink part =
                answers(
                        RealReplies.DB_LOAD,
                        RealReplies.DB_CHUNK,
                        RealReplies.DB_LAST_CHUNK,
                        RealReplies.TP_INPUT_CRC_PART,
                        EMPTY,
                        RealReplies.DB_LOAD,
                        RealReplies.DB_CHUNK,
                        RealReplies.DB_LAST_CHUNK,
                        RealReplies.TP_INPUT_CRC);
        BenchmarkClient client = new BenchmarkClient(part, 500);
        client.loadInput(RealReplies.INPUT);
        assertEquals(1, client.retries());
    }

    @Test
    void inputThatNeverArrivesIntactIsALinkErrorNamingTheInput() {
        ScriptedLink link = new ScriptedLink();
        for (int i = 0; i < BenchmarkClient.ATTEMPTS; i++) {
            link.afterWrite()
                    .then(RealReplies.DB_LOAD)
                    .afterWrite()
                    .then(RealReplies.DB_CHUNK)
                    .afterWrite()
                    .then(RealReplies.DB_LAST_CHUNK)
                    .afterWrite()
                    .then(RealReplies.TP_INPUT_CRC_OTHER_INPUT)
                    .afterWrite()
                    .then(EMPTY);
        }
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 500).loadInput(RealReplies.INPUT));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "script: the 64-byte input (db) arrived corrupted 3 times (the "
                                        + "board holds 64 bytes with CRC-32 6cff76ff, the host sent 64 bytes with CRC-32 139409c2"),
                e.getMessage());
    }

    @Test
    void wrongInputSizeIsRefusedAfterASecondTry() {
        String refused = "e-[db load needs the model input size: 64 bytes]\r\nm-ready\r\n";
        ScriptedLink link = answers(refused, EMPTY, refused);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> new BenchmarkClient(link, 500).loadInput(new byte[3]));
        assertEquals(Kind.REFUSED, e.kind());
        assertEquals(
                "board refused db load 3%: e-[db load needs the model input size: 64 bytes]",
                e.getMessage());
    }

    @Test
    void silentBoardIsATimeoutAfterOneResynchronisation() {
        ScriptedLink link = new ScriptedLink();
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> tp(new BenchmarkClient(link, 200)).windowCycles());
        assertEquals(Kind.TIMEOUT, e.kind());
        assertEquals(
                "tp-window%%", link.sentText(), "no retries once the board stayed silent after %");
    }

    @Test
    void garbledReadyIsRecognised() {
        for (String s :
                new String[] {
                    "m-reaXy", "m-rady", "m-readyy", "Xm-ready", "m-tp-crc-[30a32a5f]Xm-ready"
                }) {
            assertTrue(BenchmarkClient.looksLikeReady(s), s);
        }
        for (String s :
                new String[] {"m-ready", "m-rXaXy", "m-load-done", "m-lap-us-1", "", "m-re"}) {
            assertFalse(BenchmarkClient.looksLikeReady(s), s);
        }
    }

    @Test
    void resultsWithAChangedDigitAreRunAgainWhenResultsDisagrees() throws Exception {
        // one changed digit moves the predicted class; results% (the same values again) disagrees
        String flipped = corrupt(RealReplies.INFER_3_1, "5.875", "9.875");
        String cut = corrupt(RealReplies.RESULTS_3_1, "0.500,", "0500,");
        ScriptedLink link =
                answers(
                        flipped,
                        RealReplies.RESULTS_3_1,
                        EMPTY,
                        RealReplies.INFER_3_1,
                        cut,
                        EMPTY,
                        RealReplies.INFER_3_1,
                        RealReplies.RESULTS_3_1);
        BenchmarkClient client = new BenchmarkClient(link, 500);
        Inference inf = client.infer(3, 1);
        assertEquals(5.875, inf.results().get(8));
        assertEquals(0.5, inf.results().get(4));
        assertEquals(2, client.retries());
        assertEquals("infer 3 1%results%%infer 3 1%results%%infer 3 1%results%", link.sentText());
    }

    @Test
    void resultsThatKeepDisagreeingAreALinkError() {
        String flipped = corrupt(RealReplies.INFER_3_1, "-7.688", "-1.688");
        ScriptedLink link =
                answers(
                        flipped,
                        RealReplies.RESULTS_3_1,
                        EMPTY,
                        flipped,
                        RealReplies.RESULTS_3_1,
                        EMPTY,
                        flipped,
                        RealReplies.RESULTS_3_1);
        LinkException e =
                assertThrows(LinkException.class, () -> new BenchmarkClient(link, 500).infer(3, 1));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith("script: the reply to infer 3 1% arrived corrupted 3 times"),
                e.getMessage());
        assertTrue(e.getMessage().contains("and results%'s [-1.25, -0.25, -2.313"), e.getMessage());
    }

    /** The board's boot banner, as it prints it after a reset. */
    private static final String BANNER =
            "m-timestamp-mode-performance\r\nm-lap-us-0\r\nm-init-done\r\nm-ready\r\n";

    private static String[] loadOk() {
        return new String[] {
            RealReplies.DB_LOAD,
            RealReplies.DB_CHUNK,
            RealReplies.DB_LAST_CHUNK,
            RealReplies.TP_INPUT_CRC
        };
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts)
                .flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
    }

    @Test
    void boardThatRestartsDuringAUnitOfWorkGetsItsInputAgain() throws Exception {
        // tp-run is answered by the boot banner: the reset lost the input, so the unit starts over
        ScriptedLink link =
                answers(
                        concat(
                                loadOk(),
                                new String[] {BANNER, EMPTY},
                                loadOk(),
                                new String[] {RealReplies.TP_RUN}));
        BenchmarkClient client = new BenchmarkClient(link, 500);
        ModelRun run =
                client.restartable(
                        () -> {
                            client.loadInput(RealReplies.INPUT);
                            return tp(client).run();
                        });
        assertEquals(16560, run.cycles());
        assertArrayEquals(new byte[] {-23, -7, -40, 41, 5, -6, -126, -13, 91, -43}, run.output());
        assertEquals(2, link.sentText().split("db load 64%", -1).length - 1, "loaded twice");
    }

    @Test
    void boardThatForgotItsInputWithoutABannerGetsItAgain() throws Exception {
        // the banner was lost on the line; the board answers tp-run with no input, twice alike
        String noInput = RealReplies.withCrc("e-[No input: send db load N then db HEX]\r\n");
        ScriptedLink link =
                answers(
                        concat(
                                loadOk(),
                                new String[] {noInput, EMPTY, noInput, EMPTY},
                                loadOk(),
                                new String[] {RealReplies.TP_RUN}));
        BenchmarkClient client = new BenchmarkClient(link, 500);
        assertEquals(
                16560,
                client.restartable(
                                () -> {
                                    client.loadInput(RealReplies.INPUT);
                                    return tp(client).run();
                                })
                        .cycles());
    }

    @Test
    void boardThatKeepsRestartingIsALinkErrorAfterThreeTries() {
        ScriptedLink link = new ScriptedLink();
        for (int i = 0; i < BenchmarkClient.ATTEMPTS; i++) {
            for (String r : loadOk()) {
                link.afterWrite().then(r);
            }
            link.afterWrite().then(BANNER).afterWrite().then(EMPTY);
        }
        BenchmarkClient client = new BenchmarkClient(link, 500);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                client.restartable(
                                        () -> {
                                            client.loadInput(RealReplies.INPUT);
                                            return tp(client).run();
                                        }));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage().startsWith("script: the board restarted while answering tp-run%"),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith("3 times in a row: check its power supply and reset line"),
                e.getMessage());
    }
}
