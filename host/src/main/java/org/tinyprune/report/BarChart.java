package org.tinyprune.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/** Grouped bars: one group per category (e.g. layer), one bar per series (e.g. before/after). */
public final class BarChart extends Chart {
    private final String[] categories;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    /** A chart over the given categories. */
    public BarChart(String title, String xLabel, String yLabel, List<String> categories) {
        super(title, xLabel, yLabel);
        this.categories = categories.toArray(String[]::new);
    }

    /** Adds one bar per category. */
    public BarChart series(String name, double[] v) {
        if (v.length != categories.length) {
            throw new IllegalArgumentException(
                    "series "
                            + name
                            + " has "
                            + v.length
                            + " values for "
                            + categories.length
                            + " categories");
        }
        names.add(name);
        values.add(v.clone());
        return this;
    }

    @Override
    String[] categoryLabels() {
        return categories;
    }

    @Override
    boolean yIntegers() {
        return values.stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .allMatch(v -> v == Math.rint(v));
    }

    @Override
    void computeRanges() {
        xMin = 0;
        xMax = categories.length;
        yMin = 0;
        yMax = 0;
        for (double[] v : values) {
            for (double d : v) {
                yMax = Math.max(yMax, d);
            }
        }
        yMax *= 1.08;
    }

    @Override
    String[] drawData(Graphics2D g) {
        int groups = values.size();
        for (int s = 0; s < groups; s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            double[] v = values.get(s);
            for (int c = 0; c < categories.length; c++) {
                double left = c + 0.1 + 0.8 * s / groups;
                double right = c + 0.1 + 0.8 * (s + 1) / groups;
                int x0 = x(left);
                int w = Math.max(1, x(right) - x0 - 1);
                int top = y(v[c]);
                g.fillRect(x0, top, w, y(0) - top);
            }
        }
        g.setColor(Color.BLACK);
        return names.toArray(String[]::new);
    }
}
