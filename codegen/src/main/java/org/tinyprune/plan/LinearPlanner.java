package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The trivial planner: every buffer gets its own space, one after another (no sharing). For tests.
 */
public final class LinearPlanner implements ArenaPlanner {
    private final List<Integer> offsets = new ArrayList<>();
    private int total;

    @Override
    public int addBuffer(int bytes, int firstUse, int lastUse) {
        offsets.add(total);
        total += bytes;
        return offsets.size() - 1;
    }

    @Override
    public int offset(int index) {
        return offsets.get(index);
    }

    @Override
    public int totalBytes() {
        return total;
    }
}
