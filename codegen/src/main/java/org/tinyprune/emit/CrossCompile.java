package org.tinyprune.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles generated code and the kernels for Cortex-M cores with {@code arm-none-eabi-gcc}
 * (objects only, warnings as errors), to prove the same C builds for the device. Core flags match
 * the kernels' build ({@code device-runtime/kernels.mk}).
 */
public final class CrossCompile {
    /** Compiler flags of each supported core. */
    public static final Map<String, List<String>> CORES =
            Map.of(
                    "cortex-m4",
                            List.of(
                                    "-mcpu=cortex-m4",
                                    "-mthumb",
                                    "-mfloat-abi=hard",
                                    "-mfpu=fpv4-sp-d16"),
                    "cortex-m7",
                            List.of(
                                    "-mcpu=cortex-m7",
                                    "-mthumb",
                                    "-mfloat-abi=hard",
                                    "-mfpu=fpv5-d16"),
                    "cortex-m33",
                            List.of(
                                    "-mcpu=cortex-m33",
                                    "-mthumb",
                                    "-mfloat-abi=hard",
                                    "-mfpu=fpv5-sp-d16"));

    private CrossCompile() {}

    /**
     * Compiles {@code model.c} in {@code dir} and every kernel for {@code core} into {@code
     * dir/<core>/}; fails with the compiler's output on any warning or error.
     *
     * @return the object files
     */
    public static List<Path> compile(Path dir, Path runtime, String core) throws IOException {
        List<String> cpu = CORES.get(core);
        if (cpu == null) {
            throw new IllegalArgumentException(
                    "unknown core '" + core + "'; known: " + CORES.keySet());
        }
        Path objDir = dir.toAbsolutePath().resolve(core);
        Files.createDirectories(objDir);
        List<Path> sources = new ArrayList<>(List.of(dir.toAbsolutePath().resolve("model.c")));
        try (Stream<Path> s = Files.walk(runtime.resolve("kernels"))) {
            s.filter(p -> p.toString().endsWith(".c")).sorted().forEach(sources::add);
        }
        List<Path> objects = new ArrayList<>();
        for (Path src : sources) {
            Path obj = objDir.resolve(src.getFileName().toString().replace(".c", ".o"));
            List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc"));
            cmd.addAll(HostBuild.WARNINGS);
            cmd.addAll(cpu);
            cmd.addAll(
                    List.of(
                            "-O2",
                            "-ffunction-sections",
                            "-fdata-sections",
                            "-I" + runtime.resolve("include"),
                            "-I" + dir.toAbsolutePath(),
                            "-c",
                            src.toString(),
                            "-o",
                            obj.toString()));
            run(cmd);
            objects.add(obj);
        }
        return objects;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0 || !out.isBlank()) {
                throw new IOException(
                        "arm-none-eabi-gcc failed or warned (exit "
                                + p.exitValue()
                                + "): "
                                + String.join(" ", cmd)
                                + "\n"
                                + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
