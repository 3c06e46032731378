package org.tinyprune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.build.FirmwareBuildException;
import org.tinyprune.onnx.UnsupportedModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune build --onnx M_int8.onnx --board B --out DIR}: generates C for the quantised
 * model and builds the board's firmware around it (ELF, image, map file, section sizes).
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description =
                "Generates C for a quantised (QDQ) ONNX model and builds firmware for a board: "
                        + "DIR/firmware.elf, firmware.bin, firmware.map, sizes.json and DIR/model/model.{c,h}.")
public final class BuildCommand implements Callable<Integer> {
    @Mixin BoardOption board;

    @Option(
            names = "--onnx",
            required = true,
            paramLabel = "MODEL",
            description = "Quantised ONNX model (QDQ int8), e.g. run/model_int8.onnx.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin BenchmarkOption benchmark;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        benchmark.validate();
        BoardProfile profile = board.load();
        try (RunDirectory run = RunDirectory.open(out)) {
            DeviceModel model = benchmark.apply(readModel(onnx, profile));
            Firmware fw = buildFirmware(model, profile, board.root(), out);
            report(profile, model, fw);
            run.succeeded();
            return ExitCodes.OK;
        }
    }

    private void report(BoardProfile profile, DeviceModel model, Firmware fw) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Built %s for %s: %s%n", onnx.getFileName(), profile.getName(), fw.elf());
        w.printf(
                "  flash image %d of %d bytes, static RAM %d + stack %d of %d bytes (arena %d), "
                        + "weights hash %s, MLPerf Tiny id %s; map %s, sizes %s%n",
                fw.sizes().flashImageBytes(),
                Integer.toUnsignedLong(profile.getFlash().getLength()),
                fw.sizes().staticRamBytes(),
                fw.sizes().stackBytes(),
                Integer.toUnsignedLong(profile.getSram().getLength()),
                model.generated().plan().arenaBytes(),
                model.weightsHash(),
                model.benchmark(),
                fw.map(),
                fw.elf().resolveSibling("sizes.json"));
        w.flush();
    }

    /**
     * Reads and generates a quantised model for a board, turning failures into CLI failures (bad
     * input): under the plan the model records, else the one the board's flash and SRAM choose
     * ({@link DeviceModel#fromOnnx(Path, BoardProfile)}).
     *
     * @param onnx the model file
     * @param profile the board
     * @return the model with its generated C
     */
    static DeviceModel readModel(Path onnx, BoardProfile profile) {
        try {
            return DeviceModel.fromOnnx(onnx, profile);
        } catch (IOException | UnsupportedModelException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Writes the model's C and builds firmware into {@code out}, with the exit code of each
     * failure: a model that does not fit is a budget failure, a missing or failing toolchain a
     * toolchain one.
     *
     * @param model the model
     * @param profile the board
     * @param root the repository
     * @param out output folder
     * @return the firmware
     */
    static Firmware buildFirmware(DeviceModel model, BoardProfile profile, Path root, Path out) {
        try {
            return model.build(new FirmwareBuild(root), profile, out);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        } catch (FirmwareBuildException e) {
            int code =
                    e.kind() == FirmwareBuildException.Kind.DOES_NOT_FIT
                            ? ExitCodes.BUDGET
                            : ExitCodes.TOOLCHAIN;
            throw new CommandFailure(code, e.getMessage(), e);
        }
    }
}
