package org.tinyprune.calibrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.provenance.BuildInfo;

/**
 * Identity of what a calibration measured: the firmware's source commit and the compiler that built
 * it.
 */
public final class BuildIdentity {
    private BuildIdentity() {}

    /**
     * The firmware identity: tinyprune version and git commit of the device runtime and kernels.
     */
    public static String firmware() {
        return "tinyprune "
                + BuildInfo.version()
                + " device-runtime at commit "
                + BuildInfo.gitCommit();
    }

    /**
     * The compiler's first {@code --version} line and the board's flags, e.g. {@code
     * arm-none-eabi-gcc (15:13.2.rel1-2) 13.2.1 20231009 -mcpu=cortex-m4 ... -O2}.
     */
    public static String compiler(BoardProfile profile) {
        String version = FirmwareBuild.COMPILER + " (version unknown)";
        try {
            Process p =
                    new ProcessBuilder(FirmwareBuild.COMPILER, "--version")
                            .redirectErrorStream(true)
                            .start();
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (line != null && !line.isBlank()) {
                    version = line.strip();
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // keep "version unknown": the build itself would have failed without the compiler
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return version + " " + String.join(" ", profile.getCflagsList());
    }
}
