package org.tinyprune.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tinyprune.board.proto.BoardProfile;

class ProfileReaderTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = ProfileReaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesEmulatedAndPhysicalFixtures() throws Exception {
        BoardProfile e = ProfileReader.parse(fixture("emulated.json"), Path.of("emulated.json"));
        assertEquals("mps2-an386", e.getEmulator().getMachine());
        assertEquals(0x40004000, e.getEmulator().getUartBase());
        assertEquals(6.5, e.getCostModel().getOpsOrThrow("conv").getPerMac());
        BoardProfile p = ProfileReader.parse(fixture("physical.json"), null);
        assertEquals(0x470, p.getFlashing().getChipId());
        assertEquals(0x08000000, p.getFlash().getOrigin());
        assertEquals("manual", p.getFlashing().getResetEntry());
    }

    @Test
    void unknownTopLevelFieldIsNamed() throws Exception {
        String json =
                fixture("emulated.json").replace("\"fpu\": true", "\"fpu\": true, \"ram_kb\": 5");
        BoardProfileException ex =
                assertThrows(
                        BoardProfileException.class,
                        () -> ProfileReader.parse(json, Path.of("boards/x/profile.json")));
        assertTrue(
                ex.getMessage().startsWith("boards/x/profile.json: unknown field \"ram_kb\""),
                ex.getMessage());
        assertTrue(
                ex.getMessage().contains("clock_hz"), "lists the known fields: " + ex.getMessage());
    }

    @Test
    void unknownNestedFieldIsNamedWithItsMessage() throws Exception {
        String json = fixture("emulated.json").replace("\"chip_id\"", "\"chipid\"");
        BoardProfileException ex =
                assertThrows(BoardProfileException.class, () -> ProfileReader.parse(json, null));
        assertTrue(ex.getMessage().contains("\"chipid\""), ex.getMessage());
        assertTrue(ex.getMessage().contains("tinyprune.Flashing"), ex.getMessage());
        assertTrue(ex.getMessage().contains("chip_id"), ex.getMessage());
    }

    @Test
    void malformedJsonIsReported() throws Exception {
        String json =
                fixture("emulated.json")
                        .replace("\"clock_hz\": 25000000", "\"clock_hz\": \"fast\"");
        BoardProfileException ex =
                assertThrows(
                        BoardProfileException.class,
                        () -> ProfileReader.parse(json, Path.of("p.json")));
        assertTrue(
                ex.getMessage().startsWith("p.json: not valid profile JSON: field clock_hz: "),
                ex.getMessage());
    }

    @Test
    void negativeAddressNamesItsField() throws Exception {
        String json =
                fixture("emulated.json").replace("\"uart_base\": 1073758208", "\"uart_base\": -4");
        BoardProfileException ex =
                assertThrows(BoardProfileException.class, () -> ProfileReader.parse(json, null));
        assertTrue(ex.getMessage().contains("field uart_base: "), ex.getMessage());
        String spaced =
                fixture("emulated.json")
                        .replace("\"uart_base\": 1073758208", "\"uart_base\" :\n  -4");
        ex = assertThrows(BoardProfileException.class, () -> ProfileReader.parse(spaced, null));
        assertTrue(ex.getMessage().contains("field uart_base: "), ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"clock_hz\": 25000000|\"clock_hz\": 0|clock_hz = 0",
                "\"length\": 507904|\"length\": 0|flash.length = 0",
                "\"length\": 131072|\"length\": 2|sram.length = 2",
                "\"core\": \"cortex-m4\"|\"core\": \"cortex-m5\"|core = \"cortex-m5\"",
                "\"channel_multiple\": 4|\"channel_multiple\": 0|channel_multiple = 0",
                "\"origin\": 16384|\"origin\": 16388|flash.origin = 0x4004",
                "\"bootloader_length\": 16384|\"bootloader_length\": 8192|bootloader ends at 0x2000",
                "\"reset_entry\": \"emulated\"|\"reset_entry\": \"dtr-rts\"|flashing.reset_entry = \"dtr-rts\"",
                "\"protocol\": \"an3155\"|\"protocol\": \"dfu\"|flashing.protocol = \"dfu\"",
                "\"uart_base\": 1073758208|\"uart_base\": 1073758209|emulator.uart_base = 0x40004001",
                "\"per_mac\": 6.5|\"per_mac\": -1|cost_model.ops.conv.per_mac = -1.0",
                "\"dense\":|\"softmax\":|cost_model.ops.softmax is not an operator kind",
                "\"stack_bytes\": 4096|\"stack_bytes\": 4095|cost_model.stack_bytes = 4095",
                "\"stack_bytes\": 4096|\"stack_bytes\": 4096, \"latency_margin\": -0.04|cost_model.latency_margin = -0.04",
                "\"runtime_flash_bytes\": 12000|\"runtime_flash_bytes\": 600000|runtime_flash_bytes = 600000",
                "\"-mfloat-abi=hard\", |                |fpu = true but cflags",
                "\"source\": \"prior\"|\"source\": \"prior\", \"calibrated_at\": \"yesterday\"|calibrated_at = \"yesterday\"",
                "\"-O2\"]|\"-O2\", \"-fplugin=/tmp/x.so\"]|cflags[5] = \"-fplugin=/tmp/x.so\" is not a flag a profile may give",
                "\"-O2\"]|\"-O2\", \"$(shell touch PWNED)\"]|cflags[5] = \"$(shell touch PWNED)\" is not a flag",
                "\"-O2\"]|\"-O2\", \"-Wl,--plugin=x.so\"]|cflags[5] = \"-Wl,--plugin=x.so\" is not a flag",
                "\"-O2\"]|\"-O2 -g\"]|cflags[4] = \"-O2 -g\" is not a flag",
                "\"-O2\"]|\"-O2\", \"-DTP_BOARD_UART_BASE=1\"]|cflags[5] = \"-DTP_BOARD_UART_BASE=1\" defines a TP_ macro",
                "\"uart_base\": 1073758208|\"uart_base\": 1073762304|emulator.uart_base = 0x40005000 (1073762304) is not the UART",
            })
    void outOfRangeValueIsRejectedWithFieldAndFix(String from, String to, String expected)
            throws Exception {
        String base = fixture("emulated.json");
        assertTrue(base.contains(from), "fixture contains " + from);
        String json =
                base.replaceFirst(
                        java.util.regex.Pattern.quote(from),
                        java.util.regex.Matcher.quoteReplacement(to == null ? "" : to));
        BoardProfileException ex =
                assertThrows(
                        BoardProfileException.class,
                        () -> ProfileReader.parse(json, Path.of("boards/qemu-m4/profile.json")));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("boards/qemu-m4/profile.json: "), ex.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        String json =
                fixture("emulated.json")
                        .replace("\"clock_hz\": 25000000", "\"clock_hz\": 0")
                        .replace("\"channel_multiple\": 4", "\"channel_multiple\": 0");
        BoardProfileException ex =
                assertThrows(BoardProfileException.class, () -> ProfileReader.parse(json, null));
        assertEquals(2, ex.problems().size(), ex.getMessage());
    }

    @Test
    void missingAccessAndFlashingAreRejected() throws Exception {
        BoardProfile p =
                ProfileReader.parse(fixture("emulated.json"), null).toBuilder()
                        .clearEmulator()
                        .clearFlashing()
                        .build();
        var problems = ProfileValidator.problems(p);
        assertTrue(
                problems.stream().anyMatch(s -> s.startsWith("neither emulator nor serial")),
                problems.toString());
        assertTrue(
                problems.stream().anyMatch(s -> s.startsWith("flashing is missing")),
                problems.toString());
    }
}
