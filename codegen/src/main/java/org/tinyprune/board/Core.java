package org.tinyprune.board;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Arm Cortex-M cores tinyprune builds for, by the name used in profiles and {@code -mcpu}. */
public enum Core {
    /** Armv7E-M with DSP instructions, optional single-precision FPU. */
    CORTEX_M4("cortex-m4"),
    /** Armv7E-M, dual-issue, optional single/double-precision FPU. */
    CORTEX_M7("cortex-m7"),
    /** Armv8-M Mainline with optional DSP extension and TrustZone. */
    CORTEX_M33("cortex-m33");

    private final String id;

    Core(String id) {
        this.id = id;
    }

    /**
     * Returns the profile/compiler name, e.g. {@code "cortex-m4"}.
     *
     * @return the profile/compiler name, e.g. {@code "cortex-m4"}
     */
    public String id() {
        return id;
    }

    /**
     * Looks a core up by its profile name.
     *
     * @param id a name such as {@code "cortex-m4"}
     * @return the core, or empty when the name is not one of {@link #known()}
     */
    public static Optional<Core> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /**
     * Returns the accepted names, comma separated, for error messages.
     *
     * @return the accepted names, comma separated, for error messages
     */
    public static String known() {
        return Arrays.stream(values()).map(Core::id).collect(Collectors.joining(", "));
    }
}
