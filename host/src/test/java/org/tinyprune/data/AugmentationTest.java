package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    /** Hands out the given draws: ints for nextInt(bound), booleans for nextBoolean(). */
    private static final class Scripted implements RandomGenerator {
        private final Deque<Integer> ints = new ArrayDeque<>();
        private final Deque<Boolean> bools = new ArrayDeque<>();

        Scripted(List<Integer> ints, List<Boolean> bools) {
            this.ints.addAll(ints);
            this.bools.addAll(bools);
        }

        @Override
        public long nextLong() {
            throw new AssertionError("unexpected draw");
        }

        @Override
        public int nextInt(int bound) {
            return ints.pop();
        }

        @Override
        public boolean nextBoolean() {
            return bools.pop();
        }
    }

    private static final byte[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static byte[] run(Augmentation a, int iy, int ix, boolean flip) {
        byte[] out = new byte[9];
        a.apply(IMAGE, 0, 1, 3, 3, out, 0, new Scripted(List.of(iy, ix), List.of(flip)));
        return out;
    }

    @Test
    void shiftFillsWithZeros() {
        // nextInt(3) = 2 -> dy = +1, 0 -> dx = -1: out(y, x) = in(y + 1, x - 1).
        assertArrayEquals(
                new byte[] {0, 4, 5, 0, 7, 8, 0, 0, 0},
                run(new Augmentation(1, false), 2, 0, true));
    }

    @Test
    void flipMirrorsRowsThenShifts() {
        Augmentation a = new Augmentation(1, true);
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, run(a, 1, 1, true));
        // dx = +1 after the mirror: out(y, x) = in(y, 2 - x + 1).
        assertArrayEquals(new byte[] {0, 3, 2, 0, 6, 5, 0, 9, 8}, run(a, 1, 2, true));
        assertArrayEquals(IMAGE, run(a, 1, 1, false));
    }

    @Test
    void channelsShareOneShift() {
        byte[] two = {1, 2, 3, 4, 10, 20, 30, 40};
        byte[] out = new byte[8];
        new Augmentation(1, false)
                .apply(two, 0, 2, 2, 2, out, 0, new Scripted(List.of(1, 2), List.of(false)));
        assertArrayEquals(new byte[] {2, 0, 4, 0, 20, 0, 40, 0}, out);
    }

    @Test
    void negativePaddingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, true));
    }
}
