package org.tinyprune.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    String out = "arm-none-eabi/bin/ld: firmware.elf.tmp section `.rodata' will not fit in region `FLASH'\n"
        + "arm-none-eabi/bin/ld: region `FLASH' overflowed by 1234 bytes\n"
        + "arm-none-eabi/bin/ld: region `RAM' overflowed by 77 bytes\ncollect2: error: ld returned 1 exit status";
    FirmwareBuildException e = FirmwareBuild.explain(p, out, null);
    assertEquals(FirmwareBuildException.Kind.DOES_NOT_FIT, e.kind());
    assertTrue(e.getMessage().contains("flash overflows by 1234 bytes (the application may use 507904 bytes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("SRAM overflows by 77 bytes (static RAM + stack must fit 131072"),
        e.getMessage());
    assertTrue(e.getMessage().contains("board qemu-m4"), e.getMessage());

    FirmwareBuildException other = FirmwareBuild.explain(p, "model.c:3: error: expected ';'", null);
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
    assertTrue(Files.isRegularFile(fw.elf()) && Files.isRegularFile(fw.map()) && Files.isRegularFile(fw.bin()));
    assertEquals(Files.size(fw.bin()), fw.sizes().flashImageBytes());
    assertEquals(fw.sizes().dataBytes() + fw.sizes().bssBytes(), fw.sizes().staticRamBytes());

    Path fixture = root.resolve("device-runtime/tests/fixture_model");
    Path big = Files.createDirectories(tmp.resolve("big"));
    Files.copy(fixture.resolve("model.h"), big.resolve("model.h"));
    String src = Files.readString(fixture.resolve("model.c"));
    String hooked = src.replace("    return g_arena;\n",
        "    return g_arena + (*(const volatile int8_t *)tp_big_weights - 1);\n");
    assertTrue(!hooked.equals(src), "fixture model.c changed; update this test's hook");
    Files.writeString(big.resolve("model.c"), "#include <stdint.h>\n"
        + "const int8_t tp_big_weights[600 * 1024] = {1};\n" + hooked);
    FirmwareBuildException e = assertThrows(FirmwareBuildException.class,
        () -> build.build(p, big, tmp.resolve("big-out")));
    assertEquals(FirmwareBuildException.Kind.DOES_NOT_FIT, e.kind(), e.getMessage());
    long over = Long.parseLong(e.getMessage().replaceAll("(?s).*flash overflows by (\\d+) bytes.*", "$1"));
    long expected = 600 * 1024 + fw.sizes().flashImageBytes() - Integer.toUnsignedLong(p.getFlash().getLength());
    assertTrue(Math.abs(over - expected) < 2048, "overflow " + over + " vs about " + expected);
  }

  @Test
  void missingModelSourcesAreNamed(@TempDir Path tmp) throws Exception {
    FirmwareBuildException e = assertThrows(FirmwareBuildException.class,
        () -> new FirmwareBuild(RepositoryRoot.locate()).build(profile("qemu-m4"), tmp, tmp.resolve("out")));
    assertTrue(e.getMessage().contains("has no model.c and model.h"), e.getMessage());
  }
}
