package org.tinyprune.build;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.CompilerFlags;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.qemu.FirmwareMake;

/**
 * Builds the firmware of one model for one board: checks the cross toolchain, runs the
 * device-runtime Makefile ({@code make -C device-runtime BOARD=.. MODEL_DIR=.. OUT=.. firmware},
 * through {@link FirmwareMake}) with the profile's compiler flags and UART ({@link CompilerFlags},
 * a response file in the output folder, which also carries the MLPerf Tiny benchmark id {@code
 * profile%} reports, {@link BenchmarkId}), and returns the ELF, image, map file and section sizes.
 * A linker region overflow becomes {@link FirmwareBuildException.Kind#DOES_NOT_FIT} naming flash or
 * SRAM, the profile's size and the overflow in bytes.
 */
public final class FirmwareBuild {
    /** The cross compiler the Makefile runs. */
    public static final String COMPILER = "arm-none-eabi-gcc";

    /** Debian packages that provide it (and the C library the firmware links). */
    public static final String COMPILER_PACKAGES = "gcc-arm-none-eabi libnewlib-arm-none-eabi";

    private static final Pattern OVERFLOW =
            Pattern.compile("region `(\\w+)' overflowed by (\\d+) bytes");

    private final Path repoRoot;

    /**
     * Creates a builder.
     *
     * @param repoRoot the tinyprune repository (holds {@code device-runtime/} and {@code boards/})
     */
    public FirmwareBuild(Path repoRoot) {
        this.repoRoot = repoRoot;
    }

    /**
     * Builds firmware.
     *
     * @param profile the board
     * @param modelDir folder with {@code model.c}/{@code model.h}; null for the firmware's fixture
     * @param out output folder (created by make)
     * @return the build's files and sizes
     * @throws FirmwareBuildException when the toolchain is missing, the model does not fit, or the
     *     build fails
     */
    public Firmware build(BoardProfile profile, Path modelDir, Path out)
            throws FirmwareBuildException {
        return build(profile, modelDir, out, DeviceModel.LINKER_STACK);
    }

    /**
     * Builds firmware with a given stack reservation.
     *
     * @param profile the board
     * @param modelDir folder with {@code model.c}/{@code model.h}; null for the firmware's fixture
     * @param out output folder (created by make)
     * @param stackBytes stack the linker reserves (a multiple of 8), or {@link
     *     DeviceModel#LINKER_STACK}
     * @return the build's files and sizes
     * @throws FirmwareBuildException when the toolchain is missing, the model does not fit, or the
     *     build fails
     */
    public Firmware build(BoardProfile profile, Path modelDir, Path out, long stackBytes)
            throws FirmwareBuildException {
        return build(profile, modelDir, out, stackBytes, BenchmarkId.DEFAULT);
    }

    /**
     * Builds firmware with a given stack reservation that reports a given MLPerf Tiny benchmark id
     * ({@code m-model-[id]}).
     *
     * @param profile the board
     * @param modelDir folder with {@code model.c}/{@code model.h}; null for the firmware's fixture
     * @param out output folder (created by make)
     * @param stackBytes stack the linker reserves (a multiple of 8), or {@link
     *     DeviceModel#LINKER_STACK}
     * @param benchmark what {@code profile%} reports as the model
     * @return the build's files and sizes
     * @throws FirmwareBuildException when the toolchain is missing, the model does not fit, or the
     *     build fails
     */
    public Firmware build(
            BoardProfile profile, Path modelDir, Path out, long stackBytes, BenchmarkId benchmark)
            throws FirmwareBuildException {
        if (modelDir != null
                && !(Files.isRegularFile(modelDir.resolve("model.c"))
                        && Files.isRegularFile(modelDir.resolve("model.h")))) {
            throw new FirmwareBuildException(
                    FirmwareBuildException.Kind.FAILED,
                    modelDir
                            + " has no "
                            + "model.c and model.h; generate them first (tinyprune codegen or tinyprune build --onnx)",
                    null);
        }
        requireTool("make", "make");
        requireTool(COMPILER, COMPILER_PACKAGES);
        Path abs = out.toAbsolutePath();
        try {
            CompilerFlags.write(profile, abs, List.of(benchmark.define()));
        } catch (BoardProfileException | IOException e) {
            throw new FirmwareBuildException(
                    FirmwareBuildException.Kind.FAILED,
                    "cannot pass board "
                            + profile.getName()
                            + "'s compiler flags to the build: "
                            + e.getMessage(),
                    e);
        }
        try {
            new FirmwareMake(repoRoot).firmware(profile.getName(), modelDir, abs, stackBytes);
        } catch (LinkException e) {
            throw explain(profile, e.getMessage(), e);
        }
        try {
            return new Firmware(
                    profile.getName(),
                    abs.resolve("firmware.elf"),
                    abs.resolve("firmware.bin"),
                    abs.resolve("firmware.map"),
                    FirmwareSizes.read(abs.resolve("sizes.json")));
        } catch (IOException e) {
            throw new FirmwareBuildException(FirmwareBuildException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /**
     * Turns make's output into an exception: region overflows become {@link
     * FirmwareBuildException.Kind#DOES_NOT_FIT}, anything else {@link
     * FirmwareBuildException.Kind#FAILED} with the output.
     *
     * @param profile the board
     * @param makeOutput what make printed (at least its last lines)
     * @param cause the underlying failure
     * @return the exception to throw
     */
    static FirmwareBuildException explain(
            BoardProfile profile, String makeOutput, Throwable cause) {
        List<String> overflows = new ArrayList<>();
        Matcher m = OVERFLOW.matcher(makeOutput);
        while (m.find()) {
            String line = describe(profile, m.group(1), Long.parseLong(m.group(2)));
            if (!overflows.contains(line)) {
                overflows.add(line);
            }
        }
        if (overflows.isEmpty()) {
            return new FirmwareBuildException(
                    FirmwareBuildException.Kind.FAILED,
                    "firmware build for board " + profile.getName() + " failed: " + makeOutput,
                    cause);
        }
        return new FirmwareBuildException(
                FirmwareBuildException.Kind.DOES_NOT_FIT,
                "the firmware does not "
                        + "fit board "
                        + profile.getName()
                        + ": "
                        + String.join("; ", overflows)
                        + ". Prune the model "
                        + "further (lower the flash/SRAM budget) or choose a board with more memory",
                cause);
    }

    private static String describe(BoardProfile profile, String region, long bytes) {
        return switch (region) {
            case "FLASH" ->
                    "flash overflows by "
                            + bytes
                            + " bytes (the application may use "
                            + Integer.toUnsignedLong(profile.getFlash().getLength())
                            + " bytes; linker region FLASH)";
            case "RAM" ->
                    "SRAM overflows by "
                            + bytes
                            + " bytes (static RAM + stack must fit "
                            + Integer.toUnsignedLong(profile.getSram().getLength())
                            + " bytes; linker region RAM)";
            default -> "linker region " + region + " overflows by " + bytes + " bytes";
        };
    }

    private static void requireTool(String tool, String debianPackages)
            throws FirmwareBuildException {
        if (!onPath(tool)) {
            throw new FirmwareBuildException(
                    FirmwareBuildException.Kind.TOOLCHAIN,
                    tool
                            + " is not on the "
                            + "PATH; install it with: sudo apt-get install --no-install-recommends "
                            + debianPackages
                            + " (or run scripts/install-deps.sh)",
                    null);
        }
    }

    /**
     * Returns whether an executable of this name is on the PATH.
     *
     * @param tool program name
     * @return true when found
     */
    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
