package org.tinyprune.link.bench;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Replies recorded from the benchmark server (device-runtime/server) on the emulated qemu-m4 board
 * running the fixture model (device-runtime/tests/fixture_model: 64 input bytes, 10 output bytes, 2
 * layers), byte for byte as the board sent them; the {@code m-tp-crc-} lines are the board's own.
 * The input loaded is {@link #INPUT}.
 */
final class RealReplies {
    private RealReplies() {}

    /** The input loaded before {@link #TP_RUN}, {@link #INFER_3_1} and {@link #TP_INPUT_CRC}. */
    static final byte[] INPUT = input();

    static final String TP_IDENTITY =
            "m-tp-board-[qemu-m4]\r\nm-tp-core-[cortex-m4]\r\n"
                    + "m-tp-clock-hz-[25000000]\r\nm-tp-emulated-[1]\r\nm-tp-timer-[systick]\r\n"
                    + "m-tp-cycle-unit-[instructions]\r\nm-tp-cycle-resolution-[40]\r\n"
                    + "m-tp-note-[cycles are QEMU -icount shift=0 instruction counts, not silicon timing]\r\n"
                    + "m-tp-model-hash-[0x9b9c6b25]\r\nm-tp-input-bytes-[64]\r\nm-tp-output-bytes-[10]\r\n"
                    + "m-tp-layers-[2]\r\nm-tp-crc-[ae1f0aa6]\r\nm-ready\r\n";
    static final String TP_MEMORY =
            "m-tp-data-bytes-[8]\r\nm-tp-bss-bytes-[252]\r\n"
                    + "m-tp-static-ram-bytes-[260]\r\nm-tp-arena-bytes-[106]\r\nm-tp-stack-size-bytes-[8192]\r\n"
                    + "m-tp-stack-used-bytes-[268]\r\nm-tp-flash-image-bytes-[12868]\r\nm-tp-crc-[47de3213]\r\nm-ready\r\n";
    static final String DB_LOAD = "m-[Expecting 64 bytes]\r\nm-ready\r\n";
    static final String DB_CHUNK = "m-ready\r\n";
    static final String DB_LAST_CHUNK = "m-load-done\r\nm-ready\r\n";
    static final String TP_INPUT_CRC =
            "m-tp-input-loaded-[64]\r\nm-tp-input-crc-[139409c2]\r\n"
                    + "m-tp-crc-[c594493f]\r\nm-ready\r\n";

    /** After loading {@link #INPUT} with byte 40 changed from 0xd8 to 0xc8 (one hex digit). */
    static final String TP_INPUT_CRC_OTHER_INPUT =
            "m-tp-input-loaded-[64]\r\nm-tp-input-crc-[6cff76ff]\r\n"
                    + "m-tp-crc-[572d3b36]\r\nm-ready\r\n";

    /** After a new db load and only the first chunk of 38 bytes. */
    static final String TP_INPUT_CRC_PART =
            "m-tp-input-loaded-[38]\r\nm-tp-input-crc-[30d23402]\r\n"
                    + "m-tp-crc-[0d88a24f]\r\nm-ready\r\n";

    static final String TP_RUN =
            "m-tp-run-cycles-[16560]\r\nm-tp-output-[e9f9d82905fa82f35bd5]\r\n"
                    + "m-tp-crc-[fb1d343c]\r\nm-ready\r\n";
    static final String INFER_3_1 =
            "m-warmup-start-1\r\nm-warmup-done\r\nm-infer-start-3\r\n"
                    + "m-lap-us-1999\r\nm-lap-us-2051\r\nm-infer-done\r\n"
                    + "m-results-[-1.250,-0.250,-2.313,2.750,0.500,-0.188,-7.688,-0.625,5.875,-2.500]\r\nm-ready\r\n";

    /** results% right after {@link #INFER_3_1}: its m-results line again. */
    static final String RESULTS_3_1 =
            "m-results-[-1.250,-0.250,-2.313,2.750,0.500,-0.188,-7.688,-0.625,5.875,-2.500]\r\nm-ready\r\n";

    /** tp-window% right after {@link #INFER_3_1}. */
    static final String TP_WINDOW =
            "m-tp-window-runs-[3]\r\nm-tp-window-ticks-[1242]\r\n"
                    + "m-tp-window-cycles-[49680]\r\nm-tp-window-laps-us-[1999]-[2051]\r\nm-tp-crc-[30a32a5f]\r\nm-ready\r\n";

    static final String TP_LAYERS =
            "m-tp-layer-[0]-[fc1]-[14040]\r\nm-tp-layer-[1]-[fc2]-[2560]\r\n"
                    + "m-tp-layers-cycles-[16680]\r\nm-tp-crc-[b3de319e]\r\nm-ready\r\n";
    static final String TP_OUTPUT =
            "m-tp-output-[e9f9d82905fa82f35bd5]\r\nm-tp-crc-[c993922d]\r\nm-ready\r\n";

    /** tp-window% before any infer: an error line, under the CRC too. */
    static final String TP_WINDOW_NONE =
            "e-[No timed window: run infer N W first]\r\nm-tp-crc-[23a6c547]\r\n" + "m-ready\r\n";

    static final String INFER_NO_INPUT = "e-[No input: send db load N then db HEX]\r\nm-ready\r\n";

    /** The answer to a lone {@code %}, the client's resynchronisation. */
    static final String EMPTY = "e-[Empty command]\r\nm-ready\r\n";

    /** A tinyprune command the firmware does not know: no CRC line. */
    static final String TP_BOGUS = "e-[Unknown command: tp-bogus]\r\nm-ready\r\n";

    private static byte[] input() {
        byte[] b = new byte[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 - 64);
        }
        return b;
    }

    /**
     * Appends the CRC line a board would send after these lines, for hand-made replies whose
     * content (not CRC) a test is about.
     *
     * @param lines reply lines, each ending {@code \r\n}
     * @return the lines, their {@code m-tp-crc-} line and {@code m-ready}
     */
    static String withCrc(String lines) {
        CRC32 crc = new CRC32();
        crc.update(lines.getBytes(StandardCharsets.ISO_8859_1));
        return lines + String.format("m-tp-crc-[%08x]\r\nm-ready\r\n", crc.getValue());
    }

    /**
     * Replaces the first occurrence of a piece of a reply, failing when it is absent (so a test
     * cannot silently corrupt nothing).
     *
     * @param reply the reply
     * @param from text to replace
     * @param to replacement
     * @return the changed reply
     */
    static String corrupt(String reply, String from, String to) {
        int at = reply.indexOf(from);
        if (at < 0) {
            throw new IllegalArgumentException("\"" + from + "\" is not in " + reply);
        }
        return reply.substring(0, at) + to + reply.substring(at + from.length());
    }
}
