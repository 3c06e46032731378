package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tinyprune.emit.CrossCompile;
import org.tinyprune.emit.HostBuild;

/**
 * {@link LinkedCode#UNCALIBRATED_KERNELS} are the sizes {@code arm-none-eabi-gcc -O2} gives the
 * kernels' sections for Cortex-M4 today: every kernel is recompiled and each listed section's size
 * read back, so a changed kernel fails here until its default is updated.
 */
class UncalibratedKernelsTest {
    @Test
    void defaultsMatchTheCompiledKernelSections() throws Exception {
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        Path out = Paths.get("target", "uncalibrated-kernels").toAbsolutePath();
        Files.createDirectories(out);
        Map<String, Integer> sections = new HashMap<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(runtime.resolve("kernels"))) {
            sources = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path src : sources) {
            Path obj = out.resolve(src.getFileName().toString().replace(".c", ".o"));
            List<String> cc = new ArrayList<>(List.of("arm-none-eabi-gcc"));
            cc.addAll(HostBuild.WARNINGS);
            cc.addAll(CrossCompile.CORES.get("cortex-m4"));
            cc.addAll(
                    List.of(
                            "-O2",
                            "-ffunction-sections",
                            "-fdata-sections",
                            "-I" + runtime.resolve("include"),
                            "-c",
                            src.toString(),
                            "-o",
                            obj.toString()));
            run(cc);
            for (String line :
                    run(List.of("arm-none-eabi-size", "-A", obj.toString())).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].startsWith(".") && f[1].matches("\\d+")) {
                    sections.put(f[0], Integer.parseInt(f[1]));
                }
            }
        }
        LinkedCode.UNCALIBRATED_KERNELS.forEach(
                (op, want) ->
                        want.forEach(
                                (section, bytes) ->
                                        assertEquals(
                                                sections.get(section),
                                                bytes,
                                                op + ": " + section)));
    }

    /**
     * The streamed-chain driver's entry lists exactly what linking the driver alone keeps: a caller
     * of {@code tp_stream_chain_s8} linked with {@code --gc-sections} against every kernel object
     * keeps these sections and no layer kernel (the layers' kernels are function pointers the
     * generated code names), so a chain pays only for the kinds it runs.
     */
    @Test
    void theStreamDriverLinksNoLayerKernel() throws Exception {
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        Path out = Paths.get("target", "stream-link").toAbsolutePath();
        Files.createDirectories(out);
        List<String> flags = new ArrayList<>(CrossCompile.CORES.get("cortex-m4"));
        flags.addAll(List.of("-O2", "-ffunction-sections", "-fdata-sections"));
        Path main = out.resolve("caller.c");
        Files.writeString(
                main,
                "#include \"tp_kernels.h\"\n"
                        + "tp_status caller(const tp_scratch *s, const tp_stream_layer *l, const tp_shape *in,\n"
                        + "                 const int8_t *x, int8_t *y);\n"
                        + "tp_status caller(const tp_scratch *s, const tp_stream_layer *l, const tp_shape *in,\n"
                        + "                 const int8_t *x, int8_t *y)\n"
                        + "{\n    return tp_stream_chain_s8(s, 2, l, in, x, y);\n}\n");
        List<String> link = new ArrayList<>(List.of("arm-none-eabi-gcc"));
        link.addAll(flags);
        link.addAll(
                List.of(
                        "-I" + runtime.resolve("include"),
                        "-nostartfiles",
                        "--specs=nosys.specs",
                        "-Wl,--gc-sections",
                        "-Wl,-e,caller",
                        "-Wl,-Map," + out.resolve("caller.map"),
                        main.toString()));
        try (Stream<Path> s = Files.walk(runtime.resolve("kernels"))) {
            s.filter(p -> p.toString().endsWith(".c"))
                    .sorted()
                    .forEach(p -> link.add(p.toString()));
        }
        link.addAll(List.of("-o", out.resolve("caller.elf").toString()));
        run(link);
        Map<String, Integer> kept = new HashMap<>();
        String map = Files.readString(out.resolve("caller.map"));
        map = map.substring(map.indexOf("Linker script and memory map"));
        // a kept input section: its name, then (on the same line or the next) address, size, object
        Matcher m =
                Pattern.compile(
                                "^ (\\.(?:text|rodata)\\.tp_\\S*)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s",
                                Pattern.MULTILINE)
                        .matcher(map);
        while (m.find()) {
            kept.put(m.group(1), Integer.parseInt(m.group(2), 16));
        }
        assertEquals(LinkedCode.UNCALIBRATED_KERNELS.get("stream"), kept);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + text);
        return text;
    }
}
