package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyprune.board.ProfileReader;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;

/**
 * The calibrated emulated boards refit to their committed profiles: the stored measurements ({@code
 * boards/BOARD/calibration/measurements.json}) fitted again give every latency coefficient,
 * per-layer flash figure and held-out error of {@code boards/BOARD/profile.json}, which were fitted
 * by the earlier exhaustive NNLS. The runtime flash is the fit's plus the increments the profile's
 * {@code firmware} note lists (server changes measured on the fixture firmware, not refitted).
 */
class ProfileRefitTest {
    /** Relative tolerance: the profiles were fitted by another solver (normal equations). */
    private static final double TOL = 1e-9;

    private static final Pattern RUNTIME_STEP = Pattern.compile("runtime_flash_bytes \\+(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"qemu-m4", "qemu-m7", "qemu-m33"})
    void refitsToTheCommittedCoefficients(String board) throws Exception {
        Measurements m =
                MeasurementsFile.read(
                        Path.of("../boards/" + board + "/calibration/measurements.json"));
        CostModel want =
                ProfileReader.read(Path.of("../boards/" + board + "/profile.json")).getCostModel();
        Calibration c = Calibration.of(m.nets(), m.probes());
        assertEquals(want.getOpsCount(), c.fit().ops().size(), board);
        for (LatencyFit.OpFit f : c.fit().ops().values()) {
            OpCost o = want.getOpsOrThrow(f.op());
            double[] k = f.coefficients();
            String at = board + " " + f.op();
            close(o.getPerMac(), k[0], at + " per_mac");
            close(o.getPerOutputElement(), k[1], at + " per_output_element");
            close(o.getPerInputElement(), k[2], at + " per_input_element");
            close(o.getConstant(), k[3], at + " constant");
            close(o.getPerOutputPixel(), k[4], at + " per_output_pixel");
            close(o.getPerTailMac(), k[5], at + " per_tail_mac");
            close(o.getPerOddChannelPixel(), k[6], at + " per_odd_channel_pixel");
            assertEquals(o.getSamples(), f.samples(), at);
            close(o.getFitError(), f.fitError(), at + " fit_error");
        }
        Map<String, Double> layer = c.flash().code().layerBytes();
        assertEquals(want.getLayerFlashBytesMap().keySet(), layer.keySet(), board);
        want.getLayerFlashBytesMap()
                .forEach((op, bytes) -> close(bytes, layer.get(op), board + " layer_flash " + op));
        close(
                want.getFlashBytesPerNameByte(),
                c.flash().code().perNameByte(),
                board + " per name byte");
        close(
                want.getFlashBytesPerLayer(),
                c.flash().code().defaultLayerBytes(),
                board + " per layer");
        close(want.getFitError(), c.fitRunError(), board + " fit_error");
        close(want.getHeldoutError(), c.heldOutLatencyRms(), board + " heldout_error");
        close(want.getLatencyMargin(), c.latencyMargin(), board + " latency_margin");
        long steps = 0;
        Matcher s = RUNTIME_STEP.matcher(want.getFirmware());
        while (s.find()) {
            steps += Long.parseLong(s.group(1));
        }
        assertTrue(steps > 0, board + ": the firmware note lists the runtime increments");
        assertEquals(
                want.getRuntimeFlashBytes(),
                c.flash().runtimeFlashBytes() + steps,
                board + " runtime_flash_bytes");
    }

    private static void close(double want, double got, String what) {
        assertEquals(want, got, TOL * Math.abs(want), what);
    }
}
