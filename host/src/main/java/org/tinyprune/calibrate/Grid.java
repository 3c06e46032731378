package org.tinyprune.calibrate;

import java.util.List;

/**
 * How much of the benchmark grid to run. Each micro network chains layers whose op type, kernel,
 * stride, channels and spatial size are drawn from the grid's values, so one firmware image times
 * many layers; the zoo models run at {@link #zooWidths()}.
 */
public enum Grid {
    /** A reduced grid for tests and quick runs: 4 micro networks, zoo models at width 0.25. */
    SMALL(4, List.of(8, 16), List.of(4, 8, 16), List.of(0.25)),
    /** The full grid: 12 micro networks, more sizes and channels, zoo models at two widths. */
    FULL(12, List.of(8, 12, 16, 24, 32), List.of(4, 8, 12, 16, 24, 32), List.of(0.25, 0.5));

    private final int microNets;
    private final List<Integer> sizes;
    private final List<Integer> channels;
    private final List<Double> zooWidths;

    Grid(int microNets, List<Integer> sizes, List<Integer> channels, List<Double> zooWidths) {
        this.microNets = microNets;
        this.sizes = sizes;
        this.channels = channels;
        this.zooWidths = zooWidths;
    }

    /** Number of micro networks (one firmware each). */
    public int microNets() {
        return microNets;
    }

    /** Input spatial sizes (square) the micro networks start from. */
    public List<Integer> sizes() {
        return sizes;
    }

    /** Channel counts layers may produce. */
    public List<Integer> channels() {
        return channels;
    }

    /** Width multipliers the zoo models run at (each architecture at every width). */
    public List<Double> zooWidths() {
        return zooWidths;
    }

    /**
     * The grid named on the command line.
     *
     * @param name {@code small} or {@code full} (any case)
     * @return the grid
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Grid named(String name) {
        for (Grid g : values()) {
            if (g.name().equalsIgnoreCase(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("--grid " + name + " is not a grid; use small or full");
    }
}
