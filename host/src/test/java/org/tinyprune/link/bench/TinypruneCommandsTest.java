package org.tinyprune.link.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.ScriptedLink;

/** Replies in the format of device-runtime/server (m-KEY-[VALUE] lines). */
class TinypruneCommandsTest {
  static TinypruneCommands with(ScriptedLink link) {
    return new TinypruneCommands(new BenchmarkClient(link, 500));
  }

  @Test
  void identityParsesEveryField() throws Exception {
    ScriptedLink link = new ScriptedLink().then("m-tp-board-[qemu-m4]\r\nm-tp-core-[cortex-m4]\r\n"
        + "m-tp-clock-hz-[25000000]\r\nm-tp-emulated-[1]\r\nm-tp-timer-[systick]\r\n"
        + "m-tp-cycle-unit-[instructions]\r\nm-tp-cycle-resolution-[1]\r\n"
        + "m-tp-note-[cycles are QEMU -icount shift=0 instruction counts, not silicon timing]\r\n"
        + "m-tp-model-hash-[0x1234abcd]\r\nm-tp-input-bytes-[784]\r\nm-tp-output-bytes-[10]\r\n"
        + "m-tp-layers-[7]\r\nm-ready\r\n");
    DeviceIdentity id = with(link).identity();
    assertEquals(new DeviceIdentity("qemu-m4", "cortex-m4", 25_000_000, true, "systick", "instructions",
        1, "0x1234abcd", 784, 10, 7), id);
    assertEquals("tp-identity%", link.sentText());
  }

  @Test
  void memoryParsesSizes() throws Exception {
    ScriptedLink link = new ScriptedLink().then("m-tp-data-bytes-[16]\r\nm-tp-bss-bytes-[5000]\r\n"
        + "m-tp-static-ram-bytes-[5016]\r\nm-tp-arena-bytes-[4096]\r\nm-tp-stack-size-bytes-[8192]\r\n"
        + "m-tp-stack-used-bytes-[612]\r\nm-tp-flash-image-bytes-[20480]\r\nm-ready\r\n");
    DeviceMemory m = with(link).memory();
    assertEquals(5016, m.staticRamBytes());
    assertEquals(5628, m.sramUsedBytes());
    assertEquals(20480, m.flashImageBytes());
  }

  @Test
  void layersParseIndexNameCycles() throws Exception {
    ScriptedLink link = new ScriptedLink().then("m-tp-layer-[0]-[conv1]-[1200]\r\n"
        + "m-tp-layer-[1]-[fc]-[300]\r\nm-tp-layers-cycles-[1510]\r\nm-ready\r\n");
    assertEquals(List.of(new LayerCycles(0, "conv1", 1200), new LayerCycles(1, "fc", 300)),
        with(link).layers());
  }

  @Test
  void runReturnsCyclesAndSignedOutput() throws Exception {
    ScriptedLink link = new ScriptedLink().then("m-tp-run-cycles-[4242]\r\nm-tp-output-[7f80ff00]\r\nm-ready\r\n");
    ModelRun run = with(link).run();
    assertEquals(4242, run.cycles());
    assertArrayEquals(new byte[] {127, -128, -1, 0}, run.output());
  }

  @Test
  void malformedNumberNamesTheLine() {
    ScriptedLink link = new ScriptedLink().then("m-tp-window-runs-[1]\r\nm-tp-window-cycles-[lots]\r\nm-ready\r\n");
    LinkException e = assertThrows(LinkException.class, () -> with(link).windowCycles());
    assertTrue(e.getMessage().contains("m-tp-window-cycles-[lots], not a number"), e.getMessage());
  }
}
