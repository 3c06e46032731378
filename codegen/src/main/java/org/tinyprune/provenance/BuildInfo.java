package org.tinyprune.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the running tinyprune build: its version (the Maven project version, filtered into
 * {@code version.properties} at build time) and the git commit of the source tree it was built
 * from.
 */
public final class BuildInfo {

    /** What {@link #gitCommit()} reports when no git checkout can be found. */
    public static final String UNKNOWN = "unknown";

    private static volatile String cachedCommit;

    private BuildInfo() {}

    /** The tinyprune version, e.g. {@code 0.1.0-SNAPSHOT}; {@value #UNKNOWN} if not filtered. */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", UNKNOWN);
            return v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /**
     * The commit ({@code git rev-parse HEAD}) of the checkout this code was loaded from, with a
     * {@code -dirty} suffix when tracked files have uncommitted changes, or {@value #UNKNOWN} when
     * git or the checkout is not available (for example a jar copied elsewhere).
     */
    public static String gitCommit() {
        String c = cachedCommit;
        if (c == null) {
            c = detectCommit(codeLocation());
            cachedCommit = c;
        }
        return c;
    }

    static String detectCommit(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return UNKNOWN;
        }
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return UNKNOWN;
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isEmpty() ? head + "-dirty" : head;
    }

    private static Path codeLocation() {
        try {
            CodeSource src = BuildInfo.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p =
                    new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
