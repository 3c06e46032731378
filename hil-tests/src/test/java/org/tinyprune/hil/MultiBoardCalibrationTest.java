package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.calibrate.BenchNet;
import org.tinyprune.calibrate.BenchmarkSuite;
import org.tinyprune.calibrate.Grid;
import org.tinyprune.calibrate.Measurements;
import org.tinyprune.calibrate.NetMeasurement;
import org.tinyprune.calibrate.SuiteRunner;
import org.tinyprune.link.pool.PooledBoard;
import org.tinyprune.link.pool.SessionPool;
import org.tinyprune.link.session.BoardSession;

/**
 * Calibration spread over two emulated boards writes what one board writes: the first five networks
 * of the small grid measured on the board under test alone, then on two fresh emulated boards, then
 * on two where one board's QEMU is killed as it starts its second network (the network goes to the
 * other board). The three {@code measurements.json} are equal byte for byte but for the time stamp
 * and the cycle counts; those agree within one SysTick tick (40 instructions at qemu-m4's 25 MHz
 * under {@code -icount shift=0}): the counter's phase at a layer's start depends on how long the
 * firmware waited for the host's bytes, so any two runs differ by that much (measured: the two
 * two-board runs differ from each other in as many counts, by at most 40, as each differs from the
 * one-board run).
 */
@ExtendWith(BoardExtension.class)
class MultiBoardCalibrationTest {
    static List<BenchNet> suite;
    static BoardProfile profile;
    static Path out;
    static Measurements single;

    @BeforeAll
    static void measureOnOneBoard() throws Exception {
        Assumptions.assumeTrue(
                BoardUnderTest.port() == null,
                "several emulated boards: the board under test "
                        + "must be emulated to compare with them");
        profile = BoardUnderTest.profile();
        suite = BenchmarkSuite.of(Grid.SMALL, 1).subList(0, 5);
        out = Path.of("target", "hil", "multiboard").toAbsolutePath();
        single =
                runner(BoardUnderTest.current(), "one")
                        .run(suite, List.of(), identity(), out.resolve("one.json"));
    }

    private static Measurements identity() {
        return new Measurements("multiboard", "", "", "", List.of(), List.of());
    }

    private static SuiteRunner runner(BoardSession session, String name) throws Exception {
        return new SuiteRunner(
                session, new FirmwareBuild(BoardUnderTest.root()), out.resolve(name), 1, msg -> {});
    }

    private static Measurements onPool(SessionPool boards, String name, Consumer<String> log)
            throws Exception {
        return SuiteRunner.run(
                boards.pool(),
                new FirmwareBuild(BoardUnderTest.root()),
                out.resolve(name),
                1,
                log,
                suite,
                List.of(),
                identity(),
                out.resolve(name + ".json"));
    }

    /** The file without its time stamp and with every cycle count blanked. */
    private static String withoutTimeAndCycles(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.contains("\"measured_at\""))
                .map(l -> l.replaceAll("\"(run_)?cycles\": [0-9.E]+", "\"$1cycles\": _"))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Checks that {@code other} is {@link #single} but for the time stamp and cycles within a tick.
     */
    private static void sameAsOneBoard(String name, Measurements other) throws Exception {
        String one = withoutTimeAndCycles(out.resolve("one.json"));
        assertTrue(
                one.contains("\"cycles\": _") && one.contains("\"run_cycles\": _"),
                "the blanking matched");
        assertEquals(one, withoutTimeAndCycles(out.resolve(name + ".json")));
        double tick =
                1e9 / profile.getClockHz(); // instructions per SysTick count under -icount shift=0
        assertEquals(single.nets().size(), other.nets().size());
        for (int n = 0; n < single.nets().size(); n++) {
            NetMeasurement a = single.nets().get(n);
            NetMeasurement b = other.nets().get(n);
            assertEquals(a.net(), b.net(), "suite order");
            assertTrue(
                    Math.abs(a.runCycles() - b.runCycles()) <= tick,
                    a.net() + " run cycles " + a.runCycles() + " vs " + b.runCycles());
            for (int l = 0; l < a.layers().size(); l++) {
                double ca = a.layers().get(l).cycles();
                double cb = b.layers().get(l).cycles();
                assertTrue(
                        Math.abs(ca - cb) <= tick,
                        a.net() + " " + a.layers().get(l).layer() + ": " + ca + " vs " + cb);
            }
        }
    }

    @Test
    void twoBoardsMeasureWhatOneMeasures() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Measurements two;
        try (SessionPool boards =
                SessionPool.open(
                        profile,
                        List.of("emulated", "emulated"),
                        BoardUnderTest.root(),
                        log::add)) {
            two = onPool(boards, "two", log::add);
            assertEquals(2, boards.pool().boards().size());
        }
        sameAsOneBoard("two", two);
        for (String board : List.of("emulated#1", "emulated#2")) {
            assertTrue(
                    log.stream().anyMatch(l -> l.startsWith(board) && l.contains("cycles per run")),
                    board + " measured at least one network: " + log);
        }
    }

    @Test
    void aBoardKilledMidRunLeavesAndTheOtherFinishes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Measurements survived;
        try (SessionPool boards =
                SessionPool.open(
                        profile,
                        List.of("emulated", "emulated"),
                        BoardUnderTest.root(),
                        log::add)) {
            PooledBoard<BoardSession> victim = boards.pool().boards().get(1);
            long pid = victim.board().emulator().orElseThrow().pid();
            int[] starts = {0};
            survived =
                    onPool(
                            boards,
                            "killed",
                            msg -> {
                                log.add(msg);
                                if (msg.startsWith(victim.name())
                                        && msg.contains("building, flashing and measuring")
                                        && ++starts[0] == 2) {
                                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                                }
                            });
            assertEquals(2, starts[0], "the victim started a second network: " + log);
            assertFalse(victim.board().emulator().orElseThrow().isAlive());
            assertEquals(1, boards.pool().boards().size(), "the killed board left the pool");
        }
        assertTrue(
                log.stream()
                        .anyMatch(
                                l ->
                                        l.startsWith("emulated#2")
                                                && l.contains("failed and leaves the pool")),
                log.toString());
        sameAsOneBoard("killed", survived);
    }
}
