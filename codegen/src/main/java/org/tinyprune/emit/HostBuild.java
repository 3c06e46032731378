package org.tinyprune.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds generated code with the host C compiler and runs it. The kernels of {@code device-runtime}
 * are compiled once per build variant into a static library under the work directory; each model
 * then compiles {@code model.c} and {@code tp_runner.c} and links against it. Warnings are errors
 * ({@code -Wall -Wextra -Werror -pedantic -Wshadow -Wconversion}, as the kernels use); {@code
 * sanitize} adds {@code -fsanitize=address,undefined} with no recovery.
 */
public final class HostBuild {
    /** Warning flags applied to kernels, generated code and runner alike. */
    public static final List<String> WARNINGS =
            List.of(
                    "-std=c11",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-pedantic",
                    "-Wshadow",
                    "-Wconversion",
                    "-Wno-sign-conversion");

    private static final List<String> SANITIZE =
            List.of(
                    "-fsanitize=address,undefined",
                    "-fno-sanitize-recover=all",
                    "-fno-omit-frame-pointer");

    private final Path runtime;
    private final Path work;
    private final boolean sanitize;
    private final String cc;
    private Path library;

    /**
     * @param runtime the {@code device-runtime} directory (holding {@code include/tp_kernels.h})
     * @param work a directory for objects and the kernel library
     * @param sanitize build with address and undefined-behaviour sanitizers
     */
    public HostBuild(Path runtime, Path work, boolean sanitize) {
        this.runtime = runtime.toAbsolutePath();
        this.work = work.toAbsolutePath();
        this.sanitize = sanitize;
        this.cc = System.getenv().getOrDefault("CC", "gcc");
    }

    /**
     * Environment variable naming the tinyprune checkout (or its {@code device-runtime} directory).
     */
    public static final String HOME_VARIABLE = "TINYPRUNE_HOME";

    /** Finds {@code device-runtime} in {@code start} or one of its parents. */
    public static Path findRuntime(Path start) throws IOException {
        Path found = search(start);
        if (found != null) {
            return found;
        }
        throw new IOException(
                "no device-runtime/include/tp_kernels.h in "
                        + start.toAbsolutePath()
                        + " or its parents; run from the tinyprune checkout or pass the runtime directory");
    }

    private static Path search(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("device-runtime/include/tp_kernels.h"))) {
                return p.resolve("device-runtime");
            }
        }
        return null;
    }

    /**
     * Finds {@code device-runtime} wherever tinyprune runs: {@value #HOME_VARIABLE} when set (the
     * checkout or the runtime directory itself; a value without the runtime is an error), else the
     * working directory and its parents, else the folder of the running code (the CLI jar lives in
     * {@code host/target/} of the checkout) and its parents.
     */
    public static Path locateRuntime() throws IOException {
        Path code = null;
        try {
            var source = HostBuild.class.getProtectionDomain().getCodeSource();
            code = source == null ? null : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            code = null;
        }
        return locateRuntime(Path.of(""), System.getenv(HOME_VARIABLE), code);
    }

    /**
     * {@link #locateRuntime()} with its three places given.
     *
     * @param workingDirectory searched with its parents
     * @param home the value of {@value #HOME_VARIABLE}, or null / blank when unset
     * @param code the running jar or classes folder, or null; searched with its parents
     * @throws IOException naming every place searched
     */
    public static Path locateRuntime(Path workingDirectory, String home, Path code)
            throws IOException {
        if (home != null && !home.isBlank()) {
            Path h = Path.of(home).toAbsolutePath().normalize();
            for (Path candidate : List.of(h.resolve("device-runtime"), h)) {
                if (Files.exists(candidate.resolve("include/tp_kernels.h"))) {
                    return candidate;
                }
            }
            throw new IOException(
                    HOME_VARIABLE
                            + "="
                            + home
                            + " holds neither device-runtime/include/tp_kernels.h "
                            + "nor include/tp_kernels.h; point it at the tinyprune checkout (or unset it)");
        }
        Path found = search(workingDirectory);
        if (found == null && code != null) {
            found = search(code);
        }
        if (found != null) {
            return found;
        }
        throw new IOException(
                "device-runtime not found: searched "
                        + workingDirectory.toAbsolutePath().normalize()
                        + " and its parents"
                        + (code == null
                                ? ""
                                : ", "
                                        + code.toAbsolutePath().normalize()
                                        + " (the running tinyprune) and its parents")
                        + " for device-runtime/include/tp_kernels.h, and "
                        + HOME_VARIABLE
                        + " is unset; set "
                        + HOME_VARIABLE
                        + " to the tinyprune checkout or pass --runtime DIR");
    }

    private List<String> flags() {
        List<String> f = new ArrayList<>(WARNINGS);
        f.addAll(
                List.of(
                        "-O1",
                        "-g",
                        "-I" + runtime.resolve("include"),
                        "-I" + runtime.resolve("kernels/internal")));
        if (sanitize) {
            f.addAll(SANITIZE);
            f.add("-DTP_DEBUG");
        }
        return f;
    }

    /** Compiles the kernels into {@code libtpkernels.a} (once per instance). */
    public synchronized Path kernelLibrary() throws IOException {
        if (library != null) {
            return library;
        }
        Path dir = work.resolve(sanitize ? "kernels-asan" : "kernels");
        Files.createDirectories(dir);
        List<Path> sources;
        try (Stream<Path> s = Files.walk(runtime.resolve("kernels"))) {
            sources = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        List<String> ar =
                new ArrayList<>(List.of("ar", "rcs", dir.resolve("libtpkernels.a").toString()));
        for (Path src : sources) {
            Path obj =
                    dir.resolve(
                            runtime.relativize(src)
                                    .toString()
                                    .replace('/', '_')
                                    .replace(".c", ".o"));
            List<String> cmd = new ArrayList<>(List.of(cc));
            cmd.addAll(flags());
            cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
            exec(cmd, dir, 120);
            ar.add(obj.toString());
        }
        Files.deleteIfExists(dir.resolve("libtpkernels.a"));
        exec(ar, dir, 60);
        library = dir.resolve("libtpkernels.a");
        return library;
    }

    /**
     * Compiles {@code model.c} and {@code tp_runner.c} in {@code dir} into {@code dir/tp_runner}.
     */
    public Path buildRunner(Path dir) throws IOException {
        Path lib = kernelLibrary();
        Path bin = dir.toAbsolutePath().resolve(sanitize ? "tp_runner_asan" : "tp_runner");
        List<String> cmd = new ArrayList<>(List.of(cc));
        cmd.addAll(flags());
        cmd.addAll(
                List.of(
                        "-I" + dir.toAbsolutePath(),
                        dir.resolve("model.c").toAbsolutePath().toString(),
                        dir.resolve(HostRunner.FILE).toAbsolutePath().toString(),
                        lib.toString(),
                        "-lm",
                        "-o",
                        bin.toString()));
        exec(cmd, dir, 120);
        return bin;
    }

    /** Runs {@code bin} with {@code args}; fails with its output unless it exits 0. */
    public static String run(Path bin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, bin.getParent(), 60);
    }

    private static String exec(List<String> cmd, Path dir, int timeoutSeconds) throws IOException {
        Process p =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
