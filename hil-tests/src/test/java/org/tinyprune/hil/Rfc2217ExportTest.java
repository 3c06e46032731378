package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.cli.MeasureCommand;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.export.QdqExporter;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.qemu.EmulatedBoard;
import org.tinyprune.link.qemu.QemuLauncher;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantizedModel;
import picocli.CommandLine;

/**
 * A board exported by a real RFC 2217 server: an emulated board's pty served by Debian's ser2net on
 * 127.0.0.1, reached with {@code rfc2217://127.0.0.1:PORT}. Through it: a flash cut mid-write by
 * stopping the exporter fails as a pulled cable does (GONE, naming the address), and once the
 * export is back a second flash, entered as a real STM32 is (8E1, DTR/RTS that ser2net never
 * acknowledges on a pty), writes, verifies and starts the firmware; then {@code tinyprune measure
 * --port rfc2217://...} finds every device output equal to the host int8 reference.
 */
class Rfc2217ExportTest {
    @Test
    void flashAndMeasureThroughSer2net(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(
                BoardUnderTest.port() == null, "a real board is named; this exports the emulator");
        Assumptions.assumeTrue(QemuLauncher.available(), "no qemu-system-arm");
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(
                FirmwareBuild.onPath("ser2net"), "no ser2net (scripts/install-deps.sh)");
        BoardProfile profile = BoardUnderTest.profile();
        Firmware fw = BoardUnderTest.firmware(null, tmp.resolve("fixture"));
        FirmwareImage image = FirmwareImage.fromElf(fw.elf());
        // as a real STM32 is entered: 8E1 and the DTR/RTS reset sequence (a pty ignores both)
        BoardProfile stm32Like =
                profile.toBuilder()
                        .setFlashing(profile.getFlashing().toBuilder().setResetEntry("dtr-rts"))
                        .build();

        try (EmulatedBoard board = QemuLauncher.buildAndLaunch(profile, BoardUnderTest.root())) {
            board.releaseSerial();
            try (Ser2netExporter export = new Ser2netExporter(board.devicePath(), tmp)) {
                try (BoardSession session =
                        BoardSession.open(profile, export.url(), BoardUnderTest.root())) {
                    assertEquals(export.url(), session.portName());
                    FlashProgress cutAtAThird =
                            (phase, done, total) -> {
                                if (phase == FlashProgress.Phase.WRITE && done * 3 >= total) {
                                    try {
                                        export.stop();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                            };
                    LinkException cut =
                            assertThrows(
                                    LinkException.class,
                                    () ->
                                            session.flash(
                                                    image,
                                                    FlashOptions.defaults(),
                                                    cutAtAThird,
                                                    msg -> {}));
                    assertEquals(LinkException.Kind.GONE, cut.kind(), cut.getMessage());
                    assertTrue(cut.getMessage().contains(export.url()), cut.getMessage());
                }

                export.start();
                Thread.sleep(1500); // the bootloader abandons the half-received command
                List<String> log = new ArrayList<>();
                try (BoardSession session =
                        BoardSession.open(stm32Like, export.url(), BoardUnderTest.root())) {
                    var report =
                            session.flash(
                                    image, FlashOptions.defaults(), FlashProgress.NONE, log::add);
                    assertEquals(image.bytes().length, report.bytes());
                    assertEquals(
                            "tinyprune",
                            session.client().name(),
                            "the started firmware answers: " + log);
                    assertEquals(
                            fw.sizes().flashImageBytes(),
                            session.client().command("tp-memory").number("tp-flash-image-bytes"));
                }

                board.reset();
                Thread.sleep(1500);
                measureMatchesHost(profile.getName(), export.url(), tmp);
            }
        }
    }

    private static void measureMatchesHost(String board, String url, Path tmp) throws Exception {
        Dataset data = Datasets.load(Datasets.DEFAULT, null);
        Normalization norm = Normalization.fromTrainingSet(data.train());
        QuantizedModel q = ZooModels.quantised(data, norm, "ds-cnn", 0.25, 7);
        Path onnx = tmp.resolve("ds_cnn_int8.onnx");
        QdqExporter.export(
                q.toIr(),
                onnx,
                Provenance.builder()
                        .version("hil-test")
                        .gitCommit(Provenance.NONE)
                        .seed(7)
                        .dataset(data.identity())
                        .board(board)
                        .build());
        Path out = tmp.resolve("measure");
        StringWriter printed = new StringWriter();
        CommandLine cli = new CommandLine(new MeasureCommand());
        cli.setOut(new PrintWriter(printed, true));
        cli.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    throw new AssertionError(
                            "measure failed: " + ex.getMessage() + "\n" + printed, ex);
                });
        assertEquals(
                0,
                cli.execute(
                        "--board",
                        board,
                        "--port",
                        url,
                        "--onnx",
                        onnx.toString(),
                        "--samples",
                        "20",
                        "--out",
                        out.toString()));
        JsonObject m =
                JsonParser.parseString(Files.readString(out.resolve("measure.json")))
                        .getAsJsonObject();
        assertTrue(m.get("device_matches_host").getAsBoolean(), m.toString());
        assertEquals(20, m.get("device_samples").getAsInt());
        assertTrue(m.get("model_hash_matches").getAsBoolean(), m.toString());
    }
}
