package org.tinyprune.link.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tinyprune.link.LinkException;

/**
 * Boards that share a list of work items: one worker thread per board takes the next item as soon
 * as its board is free, so the items spread over the boards by how fast each one is.
 *
 * <p>What a run guarantees: every item finishes exactly once; the results come back in the items'
 * order (never in the order they finished), so a run on several boards returns what a run on one
 * returns when each item's result does not depend on the board; a board whose job fails with a
 * <em>board failure</em> (by default a {@link LinkException} other than {@link
 * LinkException.Kind#INVALID_REQUEST}, i.e. after the protocols' own retries) leaves the pool and
 * its item goes back to the front of the queue for another board; any other failure stops the run.
 * The boards that failed stay out of the pool for later runs. Progress goes to a {@link
 * PoolListener} on the calling thread.
 *
 * <p>The pool neither opens nor closes boards: the caller does, after {@link #run} returned (it
 * returns only when no worker touches a board any more). Each board is used by one thread at a
 * time, so a board type that is not thread-safe is fine.
 *
 * @param <B> the board's type
 */
public final class BoardPool<B> {
    private final List<PooledBoard<B>> live;
    private final Predicate<Exception> dropsBoard;

    /**
     * A pool whose board failures are link failures of the board ({@link #isBoardFailure}).
     *
     * @param boards the open boards, at least one, with distinct names
     */
    public BoardPool(List<PooledBoard<B>> boards) {
        this(boards, BoardPool::isBoardFailure);
    }

    /**
     * A pool with its own rule for which failures take a board out.
     *
     * @param boards the open boards, at least one, with distinct names
     * @param dropsBoard true for a failure of the board (its item is retried elsewhere), false for
     *     a failure of the item (the run stops)
     */
    public BoardPool(List<PooledBoard<B>> boards, Predicate<Exception> dropsBoard) {
        if (boards.isEmpty()) {
            throw new IllegalArgumentException("a board pool needs at least one board");
        }
        if (boards.stream().map(PooledBoard::name).distinct().count() != boards.size()) {
            throw new IllegalArgumentException(
                    "board names must differ: " + boards.stream().map(PooledBoard::name).toList());
        }
        this.live = new ArrayList<>(boards);
        this.dropsBoard = dropsBoard;
    }

    /**
     * The default board-failure rule: a link failure other than a request the host refused ({@link
     * LinkException.Kind#INVALID_REQUEST}, e.g. an image that does not fit), which would fail the
     * same way on every board.
     *
     * @param e a job's failure
     * @return true when the board, not the item, failed
     */
    public static boolean isBoardFailure(Exception e) {
        return e instanceof LinkException l && l.kind() != LinkException.Kind.INVALID_REQUEST;
    }

    /** Returns the boards still in the pool. */
    public synchronized List<PooledBoard<B>> boards() {
        return List.copyOf(live);
    }

    /** The events workers send the calling thread. */
    private sealed interface Event<B, R> {
        PooledBoard<B> board();

        int index();
    }

    private record Started<B, R>(PooledBoard<B> board, int index) implements Event<B, R> {}

    private record Done<B, R>(PooledBoard<B> board, int index, R result) implements Event<B, R> {}

    private record Failed<B, R>(PooledBoard<B> board, int index, Throwable error)
            implements Event<B, R> {}

    /**
     * Runs {@code job} on every item, spread over the boards.
     *
     * @param items the work items
     * @param itemName names an item in messages
     * @param job what to do with an item on a board
     * @param listener told when items start and finish and boards drop out
     * @param <I> the item's type
     * @param <R> the result's type
     * @return one result per item, in the items' order
     * @throws LinkException when every board failed before the items were done: with one board its
     *     own failure, with several one naming each board and its failure
     * @throws ExecutionException when a job failed with anything but a board failure, or the
     *     listener threw; the cause is that failure, the message names the item and board
     * @throws InterruptedException when the calling thread is interrupted
     */
    public <I, R> List<R> run(
            List<I> items,
            Function<? super I, String> itemName,
            PoolJob<B, I, R> job,
            PoolListener<? super I, ? super R> listener)
            throws LinkException, ExecutionException, InterruptedException {
        List<PooledBoard<B>> boards = boards();
        if (items.isEmpty()) {
            return List.of();
        }
        LinkedBlockingDeque<Integer> work = new LinkedBlockingDeque<>();
        for (int i = 0; i < items.size(); i++) {
            work.add(i);
        }
        BlockingQueue<Event<B, R>> events = new LinkedBlockingQueue<>();
        AtomicBoolean stopped = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (PooledBoard<B> b : boards) {
            Thread t =
                    new Thread(
                            () -> work(b, items, job, work, events, stopped), "board " + b.name());
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        Object[] results = new Object[items.size()];
        boolean[] done = new boolean[items.size()];
        List<String> failures = new ArrayList<>();
        List<LinkException> causes = new ArrayList<>();
        int remaining = items.size();
        try {
            while (remaining > 0) {
                Event<B, R> ev = events.take();
                int i = ev.index();
                I item = items.get(i);
                String where = itemName.apply(item) + " on " + ev.board().name();
                if (ev instanceof Started<B, R>) {
                    listener.started(ev.board().name(), i, item);
                } else if (ev instanceof Done<B, R> d) {
                    if (done[i]) {
                        throw new IllegalStateException(where + " finished a second time");
                    }
                    done[i] = true;
                    results[i] = d.result();
                    remaining--;
                    try {
                        listener.finished(ev.board().name(), i, item, d.result());
                    } catch (Exception e) {
                        throw new ExecutionException(where + ": " + e.getMessage(), e);
                    }
                } else if (ev instanceof Failed<B, R> f) {
                    if (!(f.error() instanceof Exception e) || !dropsBoard.test(e)) {
                        throw new ExecutionException(
                                where + ": " + f.error().getMessage(), f.error());
                    }
                    drop(ev.board());
                    failures.add(ev.board().name() + ": " + e.getMessage());
                    if (e instanceof LinkException l) {
                        causes.add(l);
                    }
                    work.addFirst(i);
                    int left = boards().size();
                    listener.dropped(ev.board().name(), i, item, e, left);
                    if (left == 0) {
                        throw allFailed(
                                boards.size(),
                                failures,
                                causes,
                                remaining,
                                items.size(),
                                itemName.apply(item));
                    }
                }
            }
        } finally {
            stopped.set(true);
            work.clear();
            stop(workers);
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return Collections.unmodifiableList(out);
    }

    private synchronized void drop(PooledBoard<B> board) {
        live.remove(board);
    }

    /**
     * A worker: takes items until the run stops (a job may swallow the interrupt that says so,
     * hence the flag) or its board fails.
     */
    private <I, R> void work(
            PooledBoard<B> board,
            List<I> items,
            PoolJob<B, I, R> job,
            BlockingQueue<Integer> work,
            BlockingQueue<Event<B, R>> events,
            AtomicBoolean stopped) {
        while (!stopped.get()) {
            int i;
            try {
                i = work.take();
            } catch (InterruptedException e) {
                return;
            }
            events.add(new Started<>(board, i));
            try {
                events.add(new Done<>(board, i, job.run(board, items.get(i))));
            } catch (Exception e) {
                events.add(new Failed<>(board, i, e));
                if (dropsBoard.test(e)) {
                    return;
                }
            } catch (Error e) {
                events.add(new Failed<>(board, i, e));
                return;
            }
        }
    }

    /**
     * Interrupts the workers (idle ones wait for work; busy ones only when the run stopped) and
     * waits for them.
     */
    private static void stop(List<Thread> workers) {
        workers.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static LinkException allFailed(
            int boards,
            List<String> failures,
            List<LinkException> causes,
            int remaining,
            int total,
            String next) {
        if (boards == 1 && causes.size() == 1) {
            return causes.get(0);
        }
        return new LinkException(
                LinkException.Kind.GONE,
                "every board failed with "
                        + remaining
                        + " of "
                        + total
                        + " items left (next: "
                        + next
                        + "): "
                        + String.join("; ", failures)
                        + "; check the boards and their connections",
                causes.isEmpty() ? null : causes.get(0));
    }
}
