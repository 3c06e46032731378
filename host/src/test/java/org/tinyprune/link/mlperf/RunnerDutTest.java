package org.tinyprune.link.mlperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;

/** The runner's parsing rules on replies as the benchmark server sends them. */
class RunnerDutTest {
    @Test
    void profileGivesTheModelIdAndIgnoresOtherLines() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                "m-profile-[tinyprune-server-1]\r\nm-model-[kws01]\r\n"
                                        + "m-board-[qemu-m4; emulated: cycles are QEMU -icount shift=0 instruction counts]\r\nm-ready\r\n");
        assertEquals("kws01", new RunnerDut(link, 500).model());
        assertEquals("profile%", link.sentText());
    }

    @Test
    void nameIsReadFromNameDut() throws Exception {
        ScriptedLink link = new ScriptedLink().then("m-name-dut-[tinyprune]\r\nm-ready\r\n");
        assertEquals("tinyprune", new RunnerDut(link, 500).name());
    }

    @Test
    void inputsGoOutIn31ByteChunks() throws Exception {
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 - 100);
        }
        ScriptedLink link =
                new ScriptedLink()
                        .then("m-[Expecting 40 bytes]\r\nm-ready\r\n")
                        .afterWrite()
                        .then("m-ready\r\n")
                        .afterWrite()
                        .then("m-load-done\r\nm-ready\r\n");
        assertEquals(List.of("m-load-done"), new RunnerDut(link, 500).load(data));
        StringBuilder hex = new StringBuilder();
        for (byte b : data) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        assertEquals(
                "db load 40%db " + hex.substring(0, 62) + "%db " + hex.substring(62) + "%",
                link.sentText());
    }

    @Test
    void inferReadsResultsAndTheTwoLaps() throws Exception {
        ScriptedLink link =
                new ScriptedLink()
                        .then(
                                "m-warmup-start-1\r\nm-warmup-done\r\nm-infer-start-3\r\n"
                                        + "m-lap-us-1999\r\nm-lap-us-2051\r\nm-infer-done\r\nm-results-[0.100000,0.700000,0.200000]\r\nm-ready\r\n");
        RunnerDut.Inference inf = new RunnerDut(link, 500).infer(3, 1);
        assertEquals(List.of(0.1, 0.7, 0.2), inf.results());
        assertEquals(52, inf.elapsedMicros());
        assertEquals("infer 3 1%", link.sentText());
    }

    @Test
    void inferWithoutResultsIsAProtocolError() {
        ScriptedLink link =
                new ScriptedLink().then("e-[No input: send db load N then db HEX]\r\nm-ready\r\n");
        LinkException e =
                assertThrows(LinkException.class, () -> new RunnerDut(link, 500).infer(1, 0));
        assertEquals(Kind.PROTOCOL, e.kind());
    }
}
