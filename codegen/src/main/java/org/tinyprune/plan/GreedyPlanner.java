package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy offset assignment: buffers are placed one by one, largest first, each at the lowest offset
 * where it fits between the buffers already placed that are live at the same time. Because one
 * fixed order can be unlucky, the placement is also tried largest-lifetime-area first and in
 * first-use order, and the smallest arena wins. Offsets are multiples of {@link #ALIGN}.
 */
public final class GreedyPlanner implements ArenaPlanner {
    /** Alignment of every offset (int32 scratch and float tensors need 4). */
    public static final int ALIGN = 4;

    private record Buf(int index, int bytes, int first, int last) {
        boolean overlapsInTime(Buf o) {
            return first <= o.last && o.first <= last;
        }
    }

    private final List<Buf> buffers = new ArrayList<>();
    private int[] offsets;
    private int total;

    @Override
    public int addBuffer(int bytes, int firstUse, int lastUse) {
        if (bytes <= 0 || firstUse > lastUse || firstUse < 0) {
            throw new IllegalArgumentException(
                    "buffer needs bytes > 0 and 0 <= firstUse <= lastUse, got "
                            + bytes
                            + " bytes, steps "
                            + firstUse
                            + ".."
                            + lastUse);
        }
        buffers.add(new Buf(buffers.size(), align(bytes), firstUse, lastUse));
        offsets = null;
        return buffers.size() - 1;
    }

    /** {@code bytes} rounded up to {@link #ALIGN}. */
    public static int align(int bytes) {
        return (bytes + ALIGN - 1) / ALIGN * ALIGN;
    }

    @Override
    public int offset(int index) {
        solve();
        return offsets[index];
    }

    @Override
    public int totalBytes() {
        solve();
        return total;
    }

    private void solve() {
        if (offsets != null) {
            return;
        }
        List<Comparator<Buf>> orders =
                List.of(
                        Comparator.comparingInt((Buf b) -> -b.bytes).thenComparingInt(b -> b.first),
                        Comparator.comparingLong(
                                        (Buf b) -> -(long) b.bytes * (b.last - b.first + 1))
                                .thenComparingInt(b -> b.first),
                        Comparator.comparingInt((Buf b) -> b.first)
                                .thenComparingInt(b -> -b.bytes));
        for (Comparator<Buf> order : orders) {
            int[] off = new int[buffers.size()];
            int size = place(order, off);
            if (offsets == null || size < total) {
                offsets = off;
                total = size;
            }
        }
    }

    private int place(Comparator<Buf> order, int[] off) {
        List<Buf> sorted = new ArrayList<>(buffers);
        sorted.sort(order);
        List<Buf> placed = new ArrayList<>();
        int size = 0;
        for (Buf b : sorted) {
            List<Buf> conflicts = new ArrayList<>();
            for (Buf p : placed) {
                if (p.overlapsInTime(b)) {
                    conflicts.add(p);
                }
            }
            conflicts.sort(Comparator.comparingInt(p -> off[p.index]));
            int candidate = 0;
            for (Buf p : conflicts) {
                if (off[p.index] - candidate >= b.bytes) {
                    break;
                }
                candidate = Math.max(candidate, off[p.index] + p.bytes);
            }
            off[b.index] = candidate;
            placed.add(b);
            size = Math.max(size, candidate + b.bytes);
        }
        return size;
    }
}
