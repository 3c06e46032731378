package org.tinyprune.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A one-line description of the machine a benchmark ran on (CPU model, CPU count, load). */
public final class MachineInfo {

    private MachineInfo() {}

    /**
     * E.g. {@code AMD EPYC, 2 CPUs, Java 17.0.15, load average 1.02 at start}. The CPU model is
     * lscpu's "Model name" (or /proc/cpuinfo's "model name" where lscpu is missing).
     */
    public static String describe() {
        String model = field(command("lscpu"), "Model name:");
        if (model == null) {
            model = field(read("/proc/cpuinfo"), "model name");
        }
        String load = loadAverage();
        String loadText = load == null ? "" : ", load average " + load + " at start";
        return (model == null ? "unknown CPU" : model)
                + ", "
                + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java "
                + System.getProperty("java.version")
                + loadText;
    }

    /** The 1-minute load average from /proc/loadavg, or null where it cannot be read. */
    public static String loadAverage() {
        String load = read("/proc/loadavg");
        return load == null || load.isBlank() ? null : load.trim().split("\\s+")[0];
    }

    /** The value after {@code key} on the first line that starts with it, trimmed, or null. */
    static String field(String text, String key) {
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String v = line.substring(key.length()).trim();
                return v.startsWith(":") ? v.substring(1).trim() : v;
            }
        }
        return null;
    }

    private static String command(String... cmd) {
        try {
            Process p =
                    new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return null;
        }
    }
}
