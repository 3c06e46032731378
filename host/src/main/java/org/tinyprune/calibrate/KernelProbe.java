package org.tinyprune.calibrate;

import java.util.Map;
import java.util.TreeMap;

/**
 * The build of one kernel probe: a one-layer model of one op, with what its linker map says.
 *
 * @param op the op key it probes
 * @param layer its layer's name
 * @param flashImageBytes bytes of the image
 * @param constantBytes constant bytes the code generator emitted
 * @param modelObjectBytes flash bytes of the generated model's object
 * @param sections every other linked flash section ({@link
 *     org.tinyprune.build.LinkerMap.Section#key()}) and its bytes: the runtime's and the op's
 *     kernel code
 */
public record KernelProbe(
        String op,
        String layer,
        long flashImageBytes,
        long constantBytes,
        long modelObjectBytes,
        Map<String, Integer> sections) {
    /** Copies the map (sorted). */
    public KernelProbe {
        sections = java.util.Collections.unmodifiableMap(new TreeMap<>(sections));
    }
}
