package org.tinyprune.link.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    static final Set<FaultKind> FIVE =
            EnumSet.of(
                    FaultKind.DROP,
                    FaultKind.CORRUPT,
                    FaultKind.DUPLICATE,
                    FaultKind.DELAY,
                    FaultKind.RESET);

    @Test
    void sameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        FaultPlan a = FaultPlan.random(42, 20, 1000, 500, FIVE, 800);
        FaultPlan b = FaultPlan.random(42, 20, 1000, 500, FIVE, 800);
        FaultPlan c = FaultPlan.random(43, 20, 1000, 500, FIVE, 800);
        assertEquals(a.faults(), b.faults());
        assertNotEquals(a.faults(), c.faults());
    }

    @Test
    void drawnFaultsStayInsideTheSpansKindsAndLimits() {
        FaultPlan p =
                FaultPlan.random(
                        1, 300, 400, 200, EnumSet.of(FaultKind.CORRUPT, FaultKind.DELAY), 50);
        assertEquals(300, p.faults().size());
        Set<String> seen = new HashSet<>();
        int h2b = 0;
        for (Fault f : p.faults()) {
            long span = f.direction() == Direction.HOST_TO_BOARD ? 400 : 200;
            assertTrue(f.offset() < span, f.describe());
            assertTrue(
                    seen.add(f.direction() + "@" + f.offset()),
                    "one fault per byte: " + f.describe());
            assertTrue(
                    f.kind() == FaultKind.CORRUPT
                            ? f.value() >= 1 && f.value() <= 255
                            : f.value() >= 1 && f.value() <= 50,
                    f.describe());
            h2b += f.direction() == Direction.HOST_TO_BOARD ? 1 : 0;
            assertEquals(f, p.at(f.direction(), f.offset()).orElseThrow());
        }
        assertTrue(
                h2b > 100 && h2b < 200,
                "directions drawn with equal odds: " + h2b + " of 300 host->board");
    }

    @Test
    void aDirectionWithoutBytesGetsNoFaults() {
        FaultPlan p = FaultPlan.random(3, 10, 0, 50, FIVE, 10);
        assertTrue(p.faults().stream().allMatch(f -> f.direction() == Direction.BOARD_TO_HOST));
    }

    @Test
    void twoFaultsOnOneByteAreRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                FaultPlan.of(
                                        Fault.of(FaultKind.DROP, Direction.HOST_TO_BOARD, 5),
                                        Fault.of(FaultKind.DUPLICATE, Direction.HOST_TO_BOARD, 5)));
        assertTrue(e.getMessage().contains("two faults at host->board byte 5"), e.getMessage());
        FaultPlan.of(
                Fault.of(FaultKind.DROP, Direction.HOST_TO_BOARD, 5),
                Fault.of(FaultKind.DROP, Direction.BOARD_TO_HOST, 5)); // other direction: fine
    }

    @Test
    void valuesMustSuitTheKind() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fault(FaultKind.CORRUPT, Direction.HOST_TO_BOARD, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fault(FaultKind.CORRUPT, Direction.HOST_TO_BOARD, 0, 256));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fault(FaultKind.DELAY, Direction.HOST_TO_BOARD, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fault(FaultKind.DROP, Direction.HOST_TO_BOARD, 0, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> Fault.of(FaultKind.DROP, Direction.HOST_TO_BOARD, -1));
        assertEquals(
                "corrupt host->board @12 ^0x04",
                new Fault(FaultKind.CORRUPT, Direction.HOST_TO_BOARD, 12, 4).describe());
        assertEquals(
                "delay board->host @3 250 ms",
                new Fault(FaultKind.DELAY, Direction.BOARD_TO_HOST, 3, 250).describe());
    }

    @Test
    void morefaultsThanBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.random(1, 11, 5, 5, FIVE, 10));
        assertEquals(10, FaultPlan.random(1, 10, 5, 5, FIVE, 10).faults().size());
        assertEquals(List.of(), FaultPlan.NONE.faults());
    }
}
