package org.tinyprune.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;

/** The firmware build driver: real builds of the fixture, and how linker overflows are reported. */
class FirmwareBuildTest {
    static BoardProfile profile(String name) throws Exception {
        return new BoardRegistry(RepositoryRoot.locate().resolve("boards")).load(name);
    }

    @Test
    void overflowOfEitherRegionNamesTheMemoryAndTheBytes() throws Exception {
        BoardProfile p = profile("qemu-m4");
        String out =
                "arm-none-eabi/bin/ld: firmware.elf.tmp section `.rodata' will not fit in region `FLASH'\n"
                        + "arm-none-eabi/bin/ld: region `FLASH' overflowed by 1234 bytes\n"
                        + "arm-none-eabi/bin/ld: region `RAM' overflowed by 77 bytes\ncollect2: error: ld returned 1 exit status";
        FirmwareBuildException e = FirmwareBuild.explain(p, out, null);
        assertEquals(FirmwareBuildException.Kind.DOES_NOT_FIT, e.kind());
        assertTrue(
                e.getMessage()
                        .contains(
                                "flash overflows by 1234 bytes (the application may use 507904 bytes"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("SRAM overflows by 77 bytes (static RAM + stack must fit 131072"),
                e.getMessage());
        assertTrue(e.getMessage().contains("board qemu-m4"), e.getMessage());

        FirmwareBuildException other =
                FirmwareBuild.explain(p, "model.c:3: error: expected ';'", null);
        assertEquals(FirmwareBuildException.Kind.FAILED, other.kind());
        assertTrue(other.getMessage().contains("expected ';'"));
    }

    @Test
    void fixtureBuildsAndTooLargeWeightsDoNotFitFlash(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Path root = RepositoryRoot.locate();
        BoardProfile p = profile("qemu-m4");
        FirmwareBuild build = new FirmwareBuild(root);
        Firmware fw = build.build(p, null, tmp.resolve("fixture"));
        assertTrue(
                Files.isRegularFile(fw.elf())
                        && Files.isRegularFile(fw.map())
                        && Files.isRegularFile(fw.bin()));
        assertEquals(Files.size(fw.bin()), fw.sizes().flashImageBytes());
        assertEquals(fw.sizes().dataBytes() + fw.sizes().bssBytes(), fw.sizes().staticRamBytes());

        Path fixture = root.resolve("device-runtime/tests/fixture_model");
        Path big = Files.createDirectories(tmp.resolve("big"));
        Files.copy(fixture.resolve("model.h"), big.resolve("model.h"));
        String src = Files.readString(fixture.resolve("model.c"));
        String hooked =
                src.replace(
                        "    return g_arena;\n",
                        "    return g_arena + (*(const volatile int8_t *)tp_big_weights - 1);\n");
        assertTrue(!hooked.equals(src), "fixture model.c changed; update this test's hook");
        Files.writeString(
                big.resolve("model.c"),
                "#include <stdint.h>\n"
                        + "const int8_t tp_big_weights[600 * 1024] = {1};\n"
                        + hooked);
        FirmwareBuildException e =
                assertThrows(
                        FirmwareBuildException.class,
                        () -> build.build(p, big, tmp.resolve("big-out")));
        assertEquals(FirmwareBuildException.Kind.DOES_NOT_FIT, e.kind(), e.getMessage());
        long over =
                Long.parseLong(
                        e.getMessage().replaceAll("(?s).*flash overflows by (\\d+) bytes.*", "$1"));
        long expected =
                600 * 1024
                        + fw.sizes().flashImageBytes()
                        - Integer.toUnsignedLong(p.getFlash().getLength());
        assertTrue(Math.abs(over - expected) < 2048, "overflow " + over + " vs about " + expected);
    }

    @Test
    void theProfilesCflagsAndUartBaseAreWhatTheFirmwareIsBuiltWith(@TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(FirmwareBuild.onPath("arm-none-eabi-objdump"), "no objdump");
        BoardProfile p = profile("qemu-m4");
        assertTrue(
                p.getCflagsList().contains("-O2") && p.getEmulator().getUartBase() == 0x40004000,
                p.toString());
        List<String> flags = new ArrayList<>(p.getCflagsList());
        flags.set(flags.indexOf("-O2"), "-Os");
        BoardProfile custom =
                p.toBuilder()
                        .clearCflags()
                        .addAllCflags(flags)
                        .setEmulator(p.getEmulator().toBuilder().setUartBase(0x40005000))
                        .build();
        Firmware fw =
                new FirmwareBuild(RepositoryRoot.locate())
                        .build(custom, null, tmp.resolve("custom"));

        // gcc records each unit's options in DW_AT_producer (one shared string for units built
        // alike): the
        // firmware's units (-std=c11; libgcc's are C17) were compiled -Os, none -O2
        String elf = new String(Files.readAllBytes(fw.elf()), StandardCharsets.ISO_8859_1);
        Matcher producer = Pattern.compile("GNU C11 [^\\x00]*").matcher(elf);
        int units = 0;
        while (producer.find()) {
            units++;
            assertTrue(
                    producer.group().contains(" -Os") && !producer.group().contains(" -O2"),
                    producer.group());
        }
        assertTrue(units > 0, "no DW_AT_producer of the firmware's units");

        // the UART driver addresses the profile's UART, not board_config.h's default
        Process objdump =
                new ProcessBuilder(List.of("arm-none-eabi-objdump", "-d", fw.elf().toString()))
                        .redirectErrorStream(true)
                        .start();
        String code = new String(objdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, objdump.waitFor());
        assertTrue(
                code.contains("0x40005000") && !code.contains("0x40004"),
                "UART literals: " + code.lines().filter(l -> l.contains("0x4000")).toList());
    }

    @Test
    void missingModelSourcesAreNamed(@TempDir Path tmp) throws Exception {
        FirmwareBuildException e =
                assertThrows(
                        FirmwareBuildException.class,
                        () ->
                                new FirmwareBuild(RepositoryRoot.locate())
                                        .build(profile("qemu-m4"), tmp, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("has no model.c and model.h"), e.getMessage());
    }
}
