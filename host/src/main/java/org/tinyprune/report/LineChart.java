package org.tinyprune.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines over a numeric x axis (a dot at every point of short series), with optional vertical error
 * bars (value ± error, capped at both ends) and dashed horizontal reference lines (budgets).
 */
public final class LineChart extends Chart {
    /** Series with at most this many points get a dot at every point. */
    private static final int MARKED = 20;

    /** Half the width of an error bar's caps, in pixels. */
    static final int CAP = 5;

    /** A series; {@code err} holds each point's error (0: no bar). */
    private record Series(String name, double[] x, double[] y, double[] err) {}

    private record Reference(String name, double y) {}

    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private boolean fromZero = true;

    /** A chart with the given title and axis labels. */
    public LineChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** Adds a line through the points {@code (x[i], y[i])}. */
    public LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series " + name + " has " + x.length + " x and " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), new double[x.length]));
        return this;
    }

    /**
     * Adds a line through the points {@code (x[i], y[i])} with a vertical error bar from {@code
     * y[i] - err[i]} to {@code y[i] + err[i]} at each point whose error is positive (zero or NaN:
     * no bar).
     */
    public LineChart series(String name, double[] x, double[] y, double[] err) {
        if (x.length != y.length || err.length != y.length) {
            throw new IllegalArgumentException(
                    "series "
                            + name
                            + " has "
                            + x.length
                            + " x, "
                            + y.length
                            + " y and "
                            + err.length
                            + " error values");
        }
        double[] e = new double[err.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = err[i] > 0 && Double.isFinite(err[i]) ? err[i] : 0;
        }
        series.add(new Series(name, x.clone(), y.clone(), e));
        return this;
    }

    /** Adds a dashed horizontal line at {@code y} (ignored when not finite). */
    public LineChart reference(String name, double y) {
        if (Double.isFinite(y)) {
            references.add(new Reference(name, y));
        }
        return this;
    }

    /** Fits the y axis to the data instead of starting it at zero (to show small differences). */
    public LineChart yFromData() {
        fromZero = false;
        return this;
    }

    @Override
    void computeRanges() {
        xMin = Double.POSITIVE_INFINITY;
        xMax = Double.NEGATIVE_INFINITY;
        yMin = fromZero ? 0 : Double.POSITIVE_INFINITY;
        yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                xMin = Math.min(xMin, s.x[i]);
                xMax = Math.max(xMax, s.x[i]);
                yMin = Math.min(yMin, s.y[i] - s.err[i]);
                yMax = Math.max(yMax, s.y[i] + s.err[i]);
            }
        }
        for (Reference r : references) {
            yMax = Math.max(yMax, r.y);
            yMin = Math.min(yMin, r.y);
        }
        if (!Double.isFinite(xMin)) {
            xMin = 0;
            xMax = 1;
        }
        if (!Double.isFinite(yMax)) {
            yMin = 0;
            yMax = 1;
        }
        if (fromZero) {
            yMax *= 1.08;
        } else {
            double pad = Math.max(yMax - yMin, 1e-9) * 0.08;
            yMin -= pad;
            yMax += pad;
        }
    }

    @Override
    boolean xIntegers() {
        return series.stream().allMatch(s -> whole(s.x));
    }

    @Override
    boolean yIntegers() {
        return series.stream().allMatch(s -> whole(s.y) && whole(s.err))
                && references.stream().allMatch(r -> r.y == Math.rint(r.y));
    }

    private static boolean whole(double[] values) {
        for (double v : values) {
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    String[] drawData(Graphics2D g) {
        List<String> legend = new ArrayList<>();
        int i = 0;
        for (Series s : series) {
            g.setColor(PALETTE[i++ % PALETTE.length]);
            g.setStroke(new BasicStroke(2));
            for (int k = 1; k < s.x.length; k++) {
                g.drawLine(x(s.x[k - 1]), y(s.y[k - 1]), x(s.x[k]), y(s.y[k]));
            }
            if (s.x.length <= MARKED) {
                for (int k = 0; k < s.x.length; k++) {
                    g.fillOval(x(s.x[k]) - 3, y(s.y[k]) - 3, 6, 6);
                }
            }
            for (int k = 0; k < s.x.length; k++) {
                if (s.err[k] > 0) {
                    int px = x(s.x[k]);
                    int top = y(s.y[k] + s.err[k]);
                    int bottom = y(s.y[k] - s.err[k]);
                    g.drawLine(px, top, px, bottom);
                    g.drawLine(px - CAP, top, px + CAP, top);
                    g.drawLine(px - CAP, bottom, px + CAP, bottom);
                }
            }
            legend.add(s.name);
        }
        for (Reference r : references) {
            g.setColor(PALETTE[i++ % PALETTE.length]);
            g.setStroke(
                    new BasicStroke(
                            2,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10,
                            new float[] {8, 6},
                            0));
            g.drawLine(plotLeft(), y(r.y), plotRight(), y(r.y));
            legend.add(r.name);
        }
        g.setColor(Color.BLACK);
        return legend.toArray(String[]::new);
    }
}
