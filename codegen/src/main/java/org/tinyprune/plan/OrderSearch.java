package org.tinyprune.plan;

/** Chooses an execution order for a graph's nodes. */
public interface OrderSearch {
    /** A dependency-respecting order of all nodes of {@code buffers}. */
    Schedule order(Buffers buffers);
}
