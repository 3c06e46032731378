package org.tinyprune.board;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;

/**
 * Checks a board's {@link CostModel}: known operator kinds, finite non-negative coefficients,
 * overheads that fit the board, and provenance that is complete once calibrated.
 */
final class CostModelValidator {
    private CostModelValidator() {}

    static List<String> problems(CostModel c, BoardProfile p) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, OpCost> e : c.getOpsMap().entrySet()) {
            String f = "cost_model.ops." + e.getKey();
            if (OpKind.fromKey(e.getKey()).isEmpty()) {
                out.add(f + " is not an operator kind; use one of " + OpKind.known());
            }
            OpCost o = e.getValue();
            nonNegative(out, f + ".per_mac", o.getPerMac());
            nonNegative(out, f + ".per_output_element", o.getPerOutputElement());
            nonNegative(out, f + ".per_input_element", o.getPerInputElement());
            nonNegative(out, f + ".per_output_pixel", o.getPerOutputPixel());
            nonNegative(out, f + ".per_tail_mac", o.getPerTailMac());
            nonNegative(out, f + ".per_odd_channel_pixel", o.getPerOddChannelPixel());
            if (!Double.isFinite(o.getConstant())) {
                out.add(
                        f
                                + ".constant = "
                                + o.getConstant()
                                + " is not a finite number; refit the model");
            }
            error(out, f + ".fit_error", o.getFitError());
        }
        long flash = Integer.toUnsignedLong(p.getFlash().getLength());
        long sram = Integer.toUnsignedLong(p.getSram().getLength());
        long rtFlash = Integer.toUnsignedLong(c.getRuntimeFlashBytes());
        long rtSram = Integer.toUnsignedLong(c.getRuntimeSramBytes());
        long stack = Integer.toUnsignedLong(c.getStackBytes());
        if (p.hasFlash() && rtFlash >= flash) {
            out.add(
                    "cost_model.runtime_flash_bytes = "
                            + rtFlash
                            + " leaves no room for a model in "
                            + "flash.length = "
                            + flash
                            + "; measure the runtime's size again");
        }
        if (stack == 0 || stack % 8 != 0) {
            out.add(
                    "cost_model.stack_bytes = "
                            + stack
                            + " must be a positive multiple of 8 (the stack "
                            + "the linker script reserves)");
        }
        if (p.hasSram() && rtSram + stack >= sram) {
            out.add(
                    "cost_model.runtime_sram_bytes + stack_bytes = "
                            + (rtSram + stack)
                            + " leaves no room "
                            + "for an arena in sram.length = "
                            + sram
                            + "; check both numbers");
        }
        nonNegative(out, "cost_model.flash_bytes_per_layer", c.getFlashBytesPerLayer());
        nonNegative(out, "cost_model.stack_bytes_per_layer", c.getStackBytesPerLayer());
        c.getLayerFlashBytesMap()
                .forEach(
                        (k, v) ->
                                nonNegative(out, "cost_model.layer_flash_bytes[\"" + k + "\"]", v));
        nonNegative(out, "cost_model.flash_bytes_per_name_byte", c.getFlashBytesPerNameByte());
        nonNegative(out, "cost_model.stack_margin", c.getStackMargin());
        error(out, "cost_model.fit_error", c.getFitError());
        error(out, "cost_model.heldout_error", c.getHeldoutError());
        error(out, "cost_model.latency_margin", c.getLatencyMargin());
        if (c.getSource().isBlank()) {
            out.add(
                    "cost_model.source is empty; say where the numbers come from (\"prior\" or the "
                            + "calibration run)");
        }
        if (!c.getCalibratedAt().isEmpty()) {
            try {
                Instant.parse(c.getCalibratedAt());
            } catch (DateTimeParseException ex) {
                out.add(
                        "cost_model.calibrated_at = \""
                                + c.getCalibratedAt()
                                + "\" is not an RFC 3339 UTC "
                                + "time; write it like \"2026-11-25T16:00:00Z\" or leave it empty when uncalibrated");
            }
            if (c.getFirmware().isBlank()) {
                out.add(
                        "cost_model.firmware is empty on a calibrated profile; record the firmware identity "
                                + "the measurements came from");
            }
        }
        return out;
    }

    private static void nonNegative(List<String> out, String field, double v) {
        if (!Double.isFinite(v) || v < 0) {
            out.add(
                    field
                            + " = "
                            + v
                            + " must be a finite number >= 0; refit with non-negative least "
                            + "squares");
        }
    }

    private static void error(List<String> out, String field, double v) {
        if (!Double.isFinite(v) || v < 0 || v > 10) {
            out.add(
                    field
                            + " = "
                            + v
                            + " is out of range; give the relative error as a fraction "
                            + "between 0 and 10 (0.05 = 5 %)");
        }
    }
}
