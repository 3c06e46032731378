package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoPointTest {
    @Test
    void parsesPointsWithOptionalLatencyAndMacs() {
        List<ParetoPoint> p =
                ParetoPoint.parseAll("--points", "64KiB:24KiB, 32KiB:8KiB:80ms,-:16KiB:-:3M");
        assertEquals(3, p.size());
        assertEquals(new ParetoPoint("64KiB", "24KiB", null, null), p.get(0));
        assertEquals("80ms", p.get(1).latency());
        assertNull(p.get(2).flash());
        assertEquals("3M", p.get(2).macs());
        assertEquals("-:16KiB:-:3M", p.get(2).label());
        assertEquals("32KiB_8KiB_80ms", p.get(1).directoryName());
        assertEquals("x_16KiB_x_3M", p.get(2).directoryName());
    }

    private static String error(String text) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> ParetoPoint.parseAll("--points", text))
                .getMessage();
    }

    @Test
    void badValuesAreNamedWithTheirPointAndTheFix() {
        String m = error("64KiB:24KiB,32KiB:8kilo");
        assertTrue(m.contains("--points point 2 '32KiB:8kilo' SRAM '8kilo' is not a size"), m);
        m = error("64KiB");
        assertTrue(m.contains("point 1 '64KiB' is not FLASH:SRAM") && m.contains("64KiB:24KiB"), m);
        m = error("64KiB:24KiB:fast");
        assertTrue(m.contains("latency 'fast'") && m.contains("80ms"), m);
        m = error("64KiB::1M");
        assertTrue(m.contains("empty SRAM budget"), m);
        m = error("0:8KiB");
        assertTrue(m.contains("flash must be more than zero, got '0'"), m);
        m = error("64KiB:24KiB,64KiB:24KiB");
        assertTrue(m.contains("twice"), m);
        m = error(" ");
        assertTrue(m.contains("--points is empty"), m);
        m = error("64KiB:24KiB,");
        assertTrue(m.contains("point 2 ''"), m);
    }
}
