package org.tinyprune.link.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The faults one {@link FaultyLink} injects: at most one per byte of each direction. Built by hand
 * (tests that need a fault at an exact byte) or drawn from a seed, which gives the same plan for
 * the same seed and arguments on every machine.
 */
public final class FaultPlan {
    /** A plan without faults: the link passes every byte through and only counts. */
    public static final FaultPlan NONE = new FaultPlan(List.of());

    private final List<Fault> faults;
    private final Map<Direction, Map<Long, Fault>> byOffset = new HashMap<>();

    /**
     * Creates a plan.
     *
     * @param faults the faults, in any order
     * @throws IllegalArgumentException when two faults name the same byte of the same direction
     */
    public FaultPlan(List<Fault> faults) {
        List<Fault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparing(Fault::direction).thenComparingLong(Fault::offset));
        for (Fault f : sorted) {
            Fault before =
                    byOffset.computeIfAbsent(f.direction(), d -> new HashMap<>())
                            .put(f.offset(), f);
            if (before != null) {
                throw new IllegalArgumentException(
                        "two faults at "
                                + f.direction().label()
                                + " byte "
                                + f.offset()
                                + ": "
                                + before.describe()
                                + " and "
                                + f.describe());
            }
        }
        this.faults = List.copyOf(sorted);
    }

    /**
     * Returns a plan of the given faults.
     *
     * @param faults the faults
     * @return the plan
     */
    public static FaultPlan of(Fault... faults) {
        return new FaultPlan(List.of(faults));
    }

    /**
     * Draws a plan from a seed: each fault picks its direction with equal odds among the directions
     * whose span is not 0, then a byte offset uniformly in {@code [0, span)} not taken by another
     * fault, then a kind uniformly from {@code kinds}; a corruption flips a uniform non-zero mask,
     * a delay lasts 1..{@code maxDelayMillis} ms.
     *
     * @param seed the seed
     * @param count number of faults
     * @param hostToBoardSpan bytes the host writes in a fault-free run (offsets are drawn below it)
     * @param boardToHostSpan bytes the board sends in a fault-free run
     * @param kinds the kinds to draw from
     * @param maxDelayMillis longest delay
     * @return the plan
     * @throws IllegalArgumentException when the spans cannot hold {@code count} distinct offsets,
     *     or {@code kinds} is empty
     */
    public static FaultPlan random(
            long seed,
            int count,
            long hostToBoardSpan,
            long boardToHostSpan,
            Set<FaultKind> kinds,
            int maxDelayMillis) {
        if (count < 0
                || hostToBoardSpan < 0
                || boardToHostSpan < 0
                || count > hostToBoardSpan + boardToHostSpan) {
            throw new IllegalArgumentException(
                    count
                            + " faults do not fit streams of "
                            + hostToBoardSpan
                            + " and "
                            + boardToHostSpan
                            + " bytes");
        }
        if (kinds.isEmpty() || maxDelayMillis < 1) {
            throw new IllegalArgumentException(
                    "a random plan needs at least one kind and a delay of at least 1 ms");
        }
        List<FaultKind> choices = List.copyOf(EnumSet.copyOf(kinds));
        SplittableRandom rng = new SplittableRandom(seed);
        Map<Direction, Set<Long>> taken = new HashMap<>();
        List<Fault> out = new ArrayList<>();
        while (out.size() < count) {
            Direction d;
            if (hostToBoardSpan == 0) {
                d = Direction.BOARD_TO_HOST;
            } else if (boardToHostSpan == 0) {
                d = Direction.HOST_TO_BOARD;
            } else {
                d = rng.nextBoolean() ? Direction.HOST_TO_BOARD : Direction.BOARD_TO_HOST;
            }
            long span = d == Direction.HOST_TO_BOARD ? hostToBoardSpan : boardToHostSpan;
            Set<Long> used = taken.computeIfAbsent(d, x -> new java.util.HashSet<>());
            if (used.size() >= span) {
                continue;
            }
            long offset = rng.nextLong(span);
            if (!used.add(offset)) {
                continue;
            }
            FaultKind kind = choices.get(rng.nextInt(choices.size()));
            int value =
                    switch (kind) {
                        case CORRUPT -> 1 + rng.nextInt(0xFF);
                        case DELAY -> 1 + rng.nextInt(maxDelayMillis);
                        default -> 0;
                    };
            out.add(new Fault(kind, d, offset, value));
        }
        return new FaultPlan(out);
    }

    /**
     * Returns the faults, by direction then offset.
     *
     * @return the faults, by direction then offset
     */
    public List<Fault> faults() {
        return faults;
    }

    /**
     * Returns the fault planned for one byte.
     *
     * @param direction the stream
     * @param offset the byte's index in it
     * @return the fault, or empty
     */
    public Optional<Fault> at(Direction direction, long offset) {
        Map<Long, Fault> m = byOffset.get(direction);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(offset));
    }

    @Override
    public String toString() {
        return faults.stream().map(Fault::describe).toList().toString();
    }
}
