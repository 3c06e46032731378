package org.tinyprune.link.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.an3155.FlashReport;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.Inference;
import org.tinyprune.link.bench.TinypruneCommands;

/**
 * End to end on the emulated qemu-m4: build the resident bootloader and the fixture firmware with
 * the device-runtime Makefile, launch QEMU, flash through the pty with the Java AN3155 flasher, Go,
 * and talk to the benchmark server.
 */
class EmulatedFlashSmokeTest {
    static BoardProfile profile;
    static Path bootloader;
    static Path firmware;

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(
                QemuLauncher.available(),
                "qemu-system-arm is not installed (scripts/install-deps.sh); emulated-board test skipped");
        Path root = RepositoryRoot.locate();
        profile = new BoardRegistry(root.resolve("boards")).load("qemu-m4");
        FirmwareMake make = new FirmwareMake(root);
        Path out = Path.of("target", "firmware", "qemu-m4").toAbsolutePath();
        bootloader = make.bootloader("qemu-m4", out);
        firmware = make.firmware("qemu-m4", null, out);
    }

    @Test
    void flashGoAndBenchmarkServerAnswers() throws Exception {
        FirmwareImage image = FirmwareImage.fromElf(firmware);
        assertEquals("", image.integrityProblem(), "the Makefile stamps the image");
        try (EmulatedBoard board = QemuLauncher.launch(profile, bootloader)) {
            assertTrue(board.devicePath().startsWith("/dev/pts/"), board.devicePath());
            long t0 = System.nanoTime();
            FlashReport r =
                    new An3155Flasher(
                                    board.serial(),
                                    profile,
                                    FlashOptions.defaults(),
                                    FlashProgress.NONE,
                                    System.out::println)
                            .flash(image);
            BenchmarkClient client = new BenchmarkClient(board.serial(), 10_000);
            client.awaitReady(5000);
            assertEquals("tinyprune", client.name());
            long tName = System.nanoTime();
            TinypruneCommands tp = new TinypruneCommands(client);
            DeviceIdentity id = tp.identity();
            assertEquals("qemu-m4", id.board());
            assertTrue(id.emulated());
            client.loadInput(new byte[(int) id.inputBytes()]);
            Inference inf = client.infer(1, 0);
            long tResult = System.nanoTime();
            assertEquals(id.outputBytes(), inf.results().size());
            assertEquals(0x421, r.bootloader().productId());
            System.out.printf(
                    "flash: %d bytes, erase %d ms, write %d ms (%.0f B/s), verify %d ms, "
                            + "total %d ms (%.0f B/s overall), retries %d%n",
                    r.bytes(),
                    r.eraseMillis(),
                    r.writeMillis(),
                    r.writeBytesPerSecond(),
                    r.verifyMillis(),
                    r.totalMillis(),
                    r.overallBytesPerSecond(),
                    r.retries());
            System.out.printf(
                    "flash start to name%%: %d ms; to first inference result: %d ms%n",
                    (tName - t0) / 1_000_000, (tResult - t0) / 1_000_000);
        }
    }

    @Test
    void hundredKilobyteImageMeasuresLinkThroughput() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("tinyprune.bench"),
                "throughput benchmark (about 6-15 s): run with -Dtinyprune.bench=true");
        FirmwareImage small = FirmwareImage.fromElf(firmware);
        byte[] big = java.util.Arrays.copyOf(small.bytes(), 100 * 1024);
        java.util.Arrays.fill(big, small.bytes().length, big.length, (byte) 0xA5);
        ByteBuffer b = ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FirmwareImage.MAGIC_OFFSET + 4, big.length)
                .putInt(FirmwareImage.MAGIC_OFFSET + 8, 0);
        CRC32 crc = new CRC32();
        crc.update(big);
        b.putInt(
                FirmwareImage.MAGIC_OFFSET + 8,
                (int) crc.getValue()); // re-stamped as tp_stamp does
        FirmwareImage image = new FirmwareImage(small.address(), big, "padded fixture");
        assertEquals("", image.integrityProblem());
        try (EmulatedBoard board = QemuLauncher.launch(profile, bootloader)) {
            FlashReport r =
                    new An3155Flasher(
                                    board.serial(),
                                    profile,
                                    FlashOptions.defaults(),
                                    FlashProgress.NONE,
                                    System.out::println)
                            .flash(image);
            BenchmarkClient client = new BenchmarkClient(board.serial(), 10_000);
            client.awaitReady(5000);
            assertEquals("tinyprune", client.name());
            System.out.printf(
                    "100 KiB: write %d ms (%.0f B/s), verify %d ms (%.0f B/s), total %d ms, "
                            + "retries %d%n",
                    r.writeMillis(),
                    r.writeBytesPerSecond(),
                    r.verifyMillis(),
                    big.length * 1000.0 / Math.max(1, r.verifyMillis()),
                    r.totalMillis(),
                    r.retries());
        }
    }

    @Test
    void resetDuringWriteIsRecoveredAndTheImageStillStarts() throws Exception {
        FirmwareImage image = FirmwareImage.fromElf(firmware);
        List<String> messages = new ArrayList<>();
        try (EmulatedBoard board = QemuLauncher.launch(profile, bootloader)) {
            AtomicBoolean resetDone = new AtomicBoolean();
            Thread resetter =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(200);
                                    board.reset();
                                    resetDone.set(true);
                                } catch (InterruptedException | LinkException e) {
                                    messages.add("reset failed: " + e);
                                }
                            });
            // reset from another thread 200 ms into writing, so it lands in the middle of a frame
            FlashProgress resetHalfway =
                    (phase, done, total) -> {
                        if (phase == FlashProgress.Phase.WRITE
                                && resetter.getState() == Thread.State.NEW) {
                            resetter.start();
                        }
                    };
            FlashReport r =
                    new An3155Flasher(
                                    board.serial(),
                                    profile,
                                    FlashOptions.defaults(),
                                    resetHalfway,
                                    messages::add)
                            .flash(image);
            resetter.join();
            assertTrue(resetDone.get(), messages.toString());
            BenchmarkClient client = new BenchmarkClient(board.serial(), 10_000);
            client.awaitReady(5000);
            assertEquals("tinyprune", client.name());
            System.out.println(
                    "reset mid-write: "
                            + r.retries()
                            + " retries, "
                            + r.totalMillis()
                            + " ms (erase "
                            + r.eraseMillis()
                            + ", write "
                            + r.writeMillis()
                            + ", verify "
                            + r.verifyMillis()
                            + "); "
                            + messages);
        }
    }

    @Test
    void portOfAnEndedEmulatorIsReportedGone() throws Exception {
        EmulatedBoard board = QemuLauncher.launch(profile, bootloader);
        try {
            ProcessHandle.of(board.pid()).orElseThrow().destroyForcibly();
            ProcessHandle.of(board.pid()).ifPresent(h -> h.onExit().join());
            LinkException e =
                    assertThrows(
                            LinkException.class,
                            () -> {
                                for (int i = 0; i < 50; i++) {
                                    board.serial().read(new byte[1], 0, 1, 50);
                                }
                            });
            assertEquals(Kind.GONE, e.kind());
            assertTrue(e.getMessage().contains("went away"), e.getMessage());
        } finally {
            board.close();
        }
        assertFalse(board.isAlive());
    }
}
