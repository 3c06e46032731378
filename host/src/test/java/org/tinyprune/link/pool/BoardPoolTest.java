package org.tinyprune.link.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;

/**
 * The pool with fake boards: results in list order whatever order they finish in (checked against
 * the same function applied one item after another), a failing board's item finished by another,
 * every board gone is one error naming each, an item failure stops the run, and no item is lost or
 * done twice.
 */
class BoardPoolTest {
    /** A fake board: computes an item's result after a delay that depends on board and item. */
    static final class FakeBoard {
        final String name;
        final int failAt;
        final LinkException.Kind failKind;
        final AtomicInteger runs = new AtomicInteger();

        FakeBoard(String name, int failAt, LinkException.Kind failKind) {
            this.name = name;
            this.failAt = failAt;
            this.failKind = failKind;
        }

        /** The item's result: independent of the board, as a measurement under -icount is. */
        String run(int item) throws LinkException, InterruptedException {
            int n = runs.incrementAndGet();
            Thread.sleep((item * 7L + name.length() * 3L) % 11);
            if (n == failAt) {
                throw new LinkException(failKind, name + " stopped answering during item " + item);
            }
            return result(item);
        }
    }

    static String result(int item) {
        return "m" + item + ":" + (item * item % 97);
    }

    private static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static BoardPool<FakeBoard> pool(FakeBoard... boards) {
        List<PooledBoard<FakeBoard>> list = new ArrayList<>();
        for (FakeBoard b : boards) {
            list.add(new PooledBoard<>(b.name, b));
        }
        return new BoardPool<>(list);
    }

    private static FakeBoard healthy(String name) {
        return new FakeBoard(name, -1, null);
    }

    /** Counts finished items per index and records drops. */
    static final class Tally implements PoolListener<Integer, String> {
        final Map<Integer, Integer> finished = new HashMap<>();
        final Map<Integer, String> finishedOn = new HashMap<>();
        final List<String> dropped = new ArrayList<>();
        final List<String> started = new ArrayList<>();

        @Override
        public void started(String board, int index, Integer item) {
            started.add(board + " " + index);
        }

        @Override
        public void finished(String board, int index, Integer item, String result) {
            finished.merge(index, 1, Integer::sum);
            finishedOn.put(index, board);
        }

        @Override
        public void dropped(String board, int index, Integer item, Exception why, int left) {
            dropped.add(board + " " + index + " " + left);
        }
    }

    @Test
    void resultsComeInListOrderAsOneItemAfterAnother() throws Exception {
        List<Integer> items = items(40);
        List<String> serial = new ArrayList<>();
        for (int i : items) {
            serial.add(result(i));
        }
        Tally tally = new Tally();
        FakeBoard a = healthy("a");
        FakeBoard b = healthy("bb");
        FakeBoard c = healthy("ccc");
        List<String> three =
                pool(a, b, c)
                        .run(items, String::valueOf, (board, i) -> board.board().run(i), tally);
        assertEquals(serial, three);
        assertEquals(
                serial,
                pool(healthy("one"))
                        .run(
                                items,
                                String::valueOf,
                                (board, i) -> board.board().run(i),
                                PoolListener.none()));
        assertEquals(40, a.runs.get() + b.runs.get() + c.runs.get());
        assertTrue(
                a.runs.get() > 0 && b.runs.get() > 0 && c.runs.get() > 0, "every board took work");
        assertTrue(
                tally.finished.values().stream().allMatch(n -> n == 1)
                        && tally.finished.size() == 40);
        assertEquals(40, tally.started.size());
    }

    @Test
    void theBoardsRunAtTheSameTime() throws Exception {
        CyclicBarrier all = new CyclicBarrier(3);
        List<String> out =
                pool(healthy("a"), healthy("b"), healthy("c"))
                        .run(
                                items(3),
                                String::valueOf,
                                (board, i) -> {
                                    try {
                                        // only passes when three jobs run together
                                        all.await(10, TimeUnit.SECONDS);
                                    } catch (BrokenBarrierException | TimeoutException e) {
                                        throw new AssertionError(
                                                "the three boards did not run at once", e);
                                    }
                                    return result(i);
                                },
                                PoolListener.none());
        assertEquals(List.of(result(0), result(1), result(2)), out);
    }

    @Test
    void aFailingBoardLeavesAndItsItemIsFinishedByAnother() throws Exception {
        FakeBoard flaky = new FakeBoard("flaky", 3, LinkException.Kind.GONE);
        FakeBoard good = healthy("good");
        BoardPool<FakeBoard> pool = pool(flaky, good);
        Tally tally = new Tally();
        List<String> out =
                pool.run(items(25), String::valueOf, (board, i) -> board.board().run(i), tally);
        assertEquals(items(25).stream().map(BoardPoolTest::result).toList(), out);
        assertEquals(1, tally.dropped.size(), tally.dropped.toString());
        int lost = Integer.parseInt(tally.dropped.get(0).split(" ")[1]);
        assertEquals("good", tally.finishedOn.get(lost), "the dropped item was finished elsewhere");
        assertEquals(3, flaky.runs.get(), "the failed board took no more work");
        assertEquals(
                25 + 1, flaky.runs.get() + good.runs.get(), "each item once, plus the one retried");
        assertTrue(
                tally.finished.size() == 25
                        && tally.finished.values().stream().allMatch(n -> n == 1),
                "no item lost or done twice: " + tally.finished);
        assertEquals(List.of("good"), pool.boards().stream().map(PooledBoard::name).toList());
    }

    @Test
    void whenEveryBoardFailsTheErrorNamesEachBoardAndItsFailure() {
        BoardPool<FakeBoard> pool =
                pool(
                        new FakeBoard("/dev/ttyACM0", 2, LinkException.Kind.TIMEOUT),
                        new FakeBoard("rfc2217://farm:4001", 4, LinkException.Kind.GONE));
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                pool.run(
                                        items(30),
                                        i -> "net" + i,
                                        (board, i) -> board.board().run(i),
                                        PoolListener.none()));
        assertTrue(
                e.getMessage().contains("/dev/ttyACM0: /dev/ttyACM0 stopped answering"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("rfc2217://farm:4001: rfc2217://farm:4001 stopped answering"),
                e.getMessage());
        assertTrue(e.getMessage().contains("of 30 items left (next: net"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertTrue(pool.boards().isEmpty());
    }

    @Test
    void oneBoardThatFailsGivesItsOwnFailure() {
        LinkException original = new LinkException(LinkException.Kind.GONE, "/dev/pts/3 went away");
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                pool(healthy("one"))
                                        .run(
                                                items(3),
                                                String::valueOf,
                                                (board, i) -> {
                                                    if (i == 1) {
                                                        throw original;
                                                    }
                                                    return result(i);
                                                },
                                                PoolListener.none()));
        assertSame(original, e);
    }

    @Test
    void anItemFailureStopsTheRunAndNamesItemAndBoard() {
        AtomicInteger started = new AtomicInteger();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        ExecutionException e =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                pool(healthy("a"), healthy("b"))
                                        .run(
                                                items(50),
                                                i -> "net" + i,
                                                (board, i) -> {
                                                    threads.add(Thread.currentThread());
                                                    started.incrementAndGet();
                                                    if (i == 4) {
                                                        throw new IOException("disk full");
                                                    }
                                                    Thread.sleep(2);
                                                    return result(i);
                                                },
                                                PoolListener.none()));
        assertTrue(e.getCause() instanceof IOException);
        assertTrue(
                e.getMessage().startsWith("net4 on ") && e.getMessage().endsWith("disk full"),
                e.getMessage());
        assertTrue(started.get() < 50, "no new items after the failure: " + started.get());
        assertTrue(
                threads.stream().noneMatch(Thread::isAlive),
                "the workers ended before run returned");
    }

    @Test
    void aRequestRefusedOnTheHostIsNotABoardFailure() {
        FakeBoard a = new FakeBoard("a", 1, LinkException.Kind.INVALID_REQUEST);
        ExecutionException e =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                pool(a, healthy("b"))
                                        .run(
                                                items(1),
                                                String::valueOf,
                                                (board, i) -> a.run(i),
                                                PoolListener.none()));
        assertTrue(
                e.getCause() instanceof LinkException l
                        && l.kind() == LinkException.Kind.INVALID_REQUEST);
    }

    @Test
    void aListenerFailureStopsTheRun() {
        ExecutionException e =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                pool(healthy("a"))
                                        .run(
                                                items(5),
                                                String::valueOf,
                                                (board, i) -> result(i),
                                                new PoolListener<Integer, String>() {
                                                    @Override
                                                    public void finished(
                                                            String board,
                                                            int index,
                                                            Integer item,
                                                            String result)
                                                            throws IOException {
                                                        throw new IOException(
                                                                "cannot write measurements.json");
                                                    }
                                                }));
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void boardsNeedDistinctNames() {
        assertThrows(IllegalArgumentException.class, () -> pool(healthy("a"), healthy("a")));
        assertThrows(IllegalArgumentException.class, () -> new BoardPool<FakeBoard>(List.of()));
    }

    @Test
    void concurrentFinishesAreAllCounted() throws Exception {
        Map<Integer, Integer> ran = new ConcurrentHashMap<>();
        List<String> out =
                pool(healthy("a"), healthy("b"), healthy("c"), healthy("d"))
                        .run(
                                items(200),
                                String::valueOf,
                                (board, i) -> {
                                    ran.merge(i, 1, Integer::sum);
                                    return result(i);
                                },
                                PoolListener.none());
        assertEquals(200, out.size());
        assertEquals(200, ran.size());
        assertTrue(ran.values().stream().allMatch(n -> n == 1));
    }
}
