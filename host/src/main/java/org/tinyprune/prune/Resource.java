package org.tinyprune.prune;

/** The resources a pruning run budgets, in the order of {@link Budgets#asArray()}. */
public enum Resource {
    /** Flash bytes: weights, biases, quantisation parameters and the runtime's code. */
    FLASH("flash_bytes"),
    /** Peak SRAM bytes: planned activation arena, scratch, stack and runtime static data. */
    SRAM("sram_bytes"),
    /** Latency in cycles (instruction counts on emulated boards). */
    LATENCY("latency_cycles"),
    /** Multiply-accumulates per inference. */
    MACS("macs");

    private final String key;

    Resource(String key) {
        this.key = key;
    }

    /** The key used in report.json. */
    public String key() {
        return key;
    }
}
