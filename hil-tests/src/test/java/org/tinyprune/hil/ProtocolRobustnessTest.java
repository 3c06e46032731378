package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.build.Firmware;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.an3155.An3155Flasher;
import org.tinyprune.link.an3155.BootloaderSession;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.bench.BenchmarkClient;
import org.tinyprune.link.fault.BoardReset;
import org.tinyprune.link.fault.Direction;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultKind;
import org.tinyprune.link.fault.FaultPlan;
import org.tinyprune.link.fault.FaultyLink;
import org.tinyprune.link.session.BoardSession;

/**
 * The link survives what goes wrong in practice: an interrupted flash, a corrupted image, garbage
 * on the benchmark line. Runs the firmware's fixture model (device-runtime/tests/fixture_model).
 */
@ExtendWith(BoardExtension.class)
class ProtocolRobustnessTest {
    static Firmware fixture;
    static FirmwareImage image;

    @BeforeAll
    static void flashFixture() throws Exception {
        fixture =
                BoardUnderTest.firmware(null, Path.of("target", "hil", "fixture").toAbsolutePath());
        image = FirmwareImage.fromElf(fixture.elf());
        BoardUnderTest.current().flash(fixture.elf());
    }

    private static BoardSession board() {
        return BoardUnderTest.current();
    }

    /** Reflashes the fixture if an earlier test left the board elsewhere. */
    private static BenchmarkClient running() throws Exception {
        try {
            board().client().name();
        } catch (IllegalStateException | LinkException e) {
            board().flash(fixture.elf());
        }
        return board().client();
    }

    @Test
    void garbageCommandsGetErrorsAndTheBoardKeepsAnswering() throws Exception {
        BenchmarkClient client = running();
        LinkException unknown =
                assertThrows(LinkException.class, () -> client.command("frobnicate 12"));
        assertEquals(Kind.REFUSED, unknown.kind());
        assertTrue(unknown.getMessage().contains("e-[Unknown command"), unknown.getMessage());

        LinkException size = assertThrows(LinkException.class, () -> client.command("db load 3"));
        assertTrue(size.getMessage().contains("e-["), size.getMessage());

        LinkException badHex = assertThrows(LinkException.class, () -> client.command("db zz"));
        assertTrue(badHex.getMessage().contains("e-["), badHex.getMessage());

        board().link().write(("x".repeat(120) + "%").getBytes(StandardCharsets.US_ASCII));
        LinkException tooLong = assertThrows(LinkException.class, () -> client.awaitReady(5000));
        assertTrue(tooLong.getMessage().contains("longer than 80"), tooLong.getMessage());

        byte[] noise = new byte[300];
        new SplittableRandom(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noise[i] == '%' ? 0 : noise[i];
        }
        board().link().write(noise);
        board().link().write(new byte[] {'%'});
        LinkException binary = assertThrows(LinkException.class, () -> client.awaitReady(5000));
        assertTrue(binary.getMessage().contains("e-["), binary.getMessage());

        assertEquals("tinyprune", client.name(), "the board answers normally after the garbage");
        assertEquals(image.bytes().length, board().tinyprune().memory().flashImageBytes());
    }

    @Test
    void corruptedImageIsRefusedByTheHostAndByTheBootloader() throws Exception {
        Assumptions.assumeTrue(
                board().isEmulated(),
                "only the resident bootloader of emulated boards "
                        + "checks the integrity record; an STM32 ROM bootloader starts whatever it is given");
        byte[] bad = image.bytes().clone();
        bad[0x200] ^= 0x5A;
        FirmwareImage corrupted = new FirmwareImage(image.address(), bad, "corrupted fixture");
        assertTrue(
                corrupted.integrityProblem().contains("CRC-32 mismatch"),
                corrupted.integrityProblem());

        LinkException host =
                assertThrows(
                        LinkException.class,
                        () ->
                                board().flash(
                                                corrupted,
                                                FlashOptions.defaults(),
                                                FlashProgress.NONE,
                                                msg -> {}));
        assertEquals(Kind.INVALID_REQUEST, host.kind(), "refused before the board is touched");

        FlashOptions unchecked = new FlashOptions(1000, 60_000, 2000, 2, false);
        LinkException go =
                assertThrows(
                        LinkException.class,
                        () -> board().flash(corrupted, unchecked, FlashProgress.NONE, msg -> {}));
        assertEquals(Kind.REFUSED, go.kind(), go.getMessage());
        assertTrue(go.getMessage().contains("Go"), go.getMessage());

        board().flash(fixture.elf());
        assertEquals(
                "tinyprune", board().client().name(), "the bootloader still takes a good image");
    }

    @Test
    void interruptedFlashIsRecoveredByTheNextAttempt() throws Exception {
        board().enterBootloader();
        // the cable is pulled once half the image's size has gone out
        Fault pull = Fault.of(FaultKind.CUT, Direction.HOST_TO_BOARD, image.bytes().length / 2);
        FaultyLink cut = new FaultyLink(board().link(), FaultPlan.of(pull), BoardReset.NONE);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                new An3155Flasher(
                                                cut,
                                                board().profile(),
                                                FlashOptions.defaults(),
                                                FlashProgress.NONE,
                                                msg -> {})
                                        .flash(image));
        assertEquals(Kind.GONE, e.kind(), e.getMessage());
        assertEquals(List.of(pull), cut.injected(), "the transfer stopped mid-image");

        board().enterBootloader();
        if (board().isEmulated()) {
            BootloaderSession bl = new BootloaderSession(board().link(), 1000);
            bl.sync(5000);
            LinkException go = assertThrows(LinkException.class, () -> bl.go(image.address()));
            assertEquals(Kind.REFUSED, go.kind(), "a half-written image must not be started");
        }

        board().flash(fixture.elf());
        assertEquals("tinyprune", board().client().name());
        assertEquals(board().profile().getName(), board().tinyprune().identity().board());
    }
}
