package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetsTest {
    @Test
    void parsesSizesCountsAndTimes() {
        assertEquals(65536, Budgets.parseBytes("--flash", "64KiB"));
        assertEquals(65536, Budgets.parseBytes("--flash", "64k"));
        assertEquals(16384, Budgets.parseBytes("--sram", "16384"));
        assertEquals(1.5 * 1024 * 1024, Budgets.parseBytes("--flash", "1.5MiB"));
        assertEquals(3e6, Budgets.parseCount("--macs", "3M"));
        assertEquals(2_000_000, Budgets.parseLatency("--latency", "2000000", 25_000_000));
        // 80 ms at 25 MHz is 2,000,000 cycles
        assertEquals(2_000_000, Budgets.parseLatency("--latency", "80ms", 25_000_000));
        assertEquals(12_500, Budgets.parseLatency("--latency", "500us", 25_000_000));
    }

    @Test
    void badValuesNameTheFlag() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Budgets.parseBytes("--sram", "lots"));
        assertTrue(
                e.getMessage().contains("--sram") && e.getMessage().contains("64KiB"),
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Budgets.parseLatency("--latency", "80 parsecs", 1));
        assertTrue(e.getMessage().contains("80ms"), e.getMessage());
    }
}
