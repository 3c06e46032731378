package org.tinyprune.calibrate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.ProfileReader;
import org.tinyprune.board.ProfileWriter;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.KernelCode;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.io.AtomicFiles;

/**
 * A board profile with a calibration folded in: every fitted op's coefficients (ops the suite did
 * not measure keep their previous entry), the runtime overheads, the provenance and error figures
 * of the fit, and the latency margin the pruner plans with. {@link #write} keeps the previous file
 * as {@code profile.json.bak}.
 *
 * @param before the profile as it was
 * @param after the calibrated profile
 */
public record ProfileUpdate(BoardProfile before, BoardProfile after) {
    /**
     * Stack reserved above the predicted high-water mark when a profile has no margin yet: the
     * largest under-prediction of the held-out stack on the emulated boards was a few bytes, so a
     * quarter leaves room for code paths the suite did not take (error handling, other inputs).
     */
    public static final double DEFAULT_STACK_MARGIN = 0.25;

    /**
     * Builds the calibrated profile.
     *
     * @param before the current profile
     * @param c the calibration
     * @param at when it was measured
     * @param firmware identity of the firmware measured (git commit of the runtime)
     * @param compiler the compiler and flags that built it
     * @param source where the numbers come from (command, grid, counts)
     */
    public static ProfileUpdate of(
            BoardProfile before,
            Calibration c,
            Instant at,
            String firmware,
            String compiler,
            String source) {
        CostModel.Builder cm = before.getCostModel().toBuilder();
        for (LatencyFit.OpFit f : c.fit().ops().values()) {
            double[] k = f.coefficients();
            cm.putOps(
                    f.op(),
                    OpCost.newBuilder()
                            .setPerMac(k[0])
                            .setPerOutputElement(k[1])
                            .setPerInputElement(k[2])
                            .setConstant(k[3])
                            .setPerOutputPixel(k[4])
                            .setPerTailMac(k[5])
                            .setPerOddChannelPixel(k[6])
                            .setSamples(f.samples())
                            .setFitError(f.fitError())
                            .build());
        }
        Overheads o = c.overheads();
        FlashFit flash = c.flash();
        cm.setRuntimeFlashBytes(Math.toIntExact(flash.runtimeFlashBytes()))
                .setRuntimeSramBytes(Math.toIntExact(o.runtimeSramBytes()))
                .setStackBytes(Math.toIntExact(o.stackBytes()))
                .setFlashBytesPerLayer(flash.code().defaultLayerBytes())
                .clearLayerFlashBytes()
                .putAllLayerFlashBytes(flash.code().layerBytes())
                .setFlashBytesPerNameByte(flash.code().perNameByte())
                .clearKernelCode()
                .setStackBytesPerLayer(o.stackPerLayer())
                .setStackMargin(
                        before.getCostModel().getStackMargin() > 0
                                ? before.getCostModel().getStackMargin()
                                : DEFAULT_STACK_MARGIN)
                .setCalibratedAt(at.truncatedTo(ChronoUnit.SECONDS).toString())
                .setFitError(c.fitRunError())
                .setHeldoutError(c.heldOutLatencyRms())
                .setHeldoutSamples(c.heldOut().size())
                .setLatencyMargin(c.latencyMargin())
                .setSource(source)
                .setFirmware(firmware)
                .setCompiler(compiler);
        flash.code()
                .kernelSections()
                .forEach(
                        (op, sections) ->
                                cm.putKernelCode(
                                        op,
                                        KernelCode.newBuilder()
                                                .putAllSectionBytes(sections)
                                                .build()));
        return new ProfileUpdate(before, before.toBuilder().setCostModel(cm).build());
    }

    /** The fields that change, one line each: {@code cost_model.stack_bytes: 8192 -> 848}. */
    public List<String> changes() {
        Map<String, String> a = flatten(before);
        Map<String, String> b = flatten(after);
        List<String> out = new ArrayList<>();
        for (String k : b.keySet()) {
            if (!b.get(k).equals(a.get(k))) {
                out.add(k + ": " + a.getOrDefault(k, "(none)") + " -> " + b.get(k));
            }
        }
        for (String k : a.keySet()) {
            if (!b.containsKey(k)) {
                out.add(k + ": " + a.get(k) + " -> (none)");
            }
        }
        return out;
    }

    /**
     * Writes the calibrated profile atomically over {@code file} after copying the previous one to
     * {@code file.bak}, then reads it back through the schema.
     *
     * @return the backup, or null when there was no previous file
     * @throws BoardProfileException when the new profile is invalid (nothing is written then) or
     *     the files cannot be written
     */
    public Path write(Path file) throws BoardProfileException {
        ProfileReader.parse(ProfileWriter.toJson(after), file);
        Path backup = null;
        if (Files.exists(file)) {
            backup = file.resolveSibling(file.getFileName() + ".bak");
            try {
                AtomicFiles.copy(file, backup);
            } catch (IOException e) {
                throw new BoardProfileException(
                        file,
                        "cannot keep the previous profile as "
                                + backup
                                + ": "
                                + e.getMessage()
                                + "; check that the folder is writable");
            }
        }
        ProfileWriter.write(after, file);
        ProfileReader.read(file);
        return backup;
    }

    private static Map<String, String> flatten(BoardProfile p) {
        Map<String, String> out = new TreeMap<>();
        flatten("", JsonParser.parseString(ProfileWriter.toJson(p)), out);
        return out;
    }

    private static void flatten(String prefix, JsonElement e, Map<String, String> out) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String k : o.keySet()) {
                flatten(prefix.isEmpty() ? k : prefix + "." + k, o.get(k), out);
            }
        } else {
            out.put(prefix, e.toString());
        }
    }
}
