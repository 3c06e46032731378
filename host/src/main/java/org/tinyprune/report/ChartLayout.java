package org.tinyprune.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a chart's texts go, computed from the font metrics of the actual labels: the margins around
 * the plot grow (from the {@link Chart} minimums) until every tick label, category label and axis
 * title lies inside the image; category labels turn from horizontal to 45° to vertical, and then
 * only every k-th is kept, until neighbours no longer overlap; the x axis title sits below the
 * lowest label. Drawing and tests use the same {@link Label}s, so the boxes tested are the texts
 * drawn.
 */
final class ChartLayout {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** Space between the image edge and the outermost text. */
    static final int PAD = 6;

    /** Space between a text and the axis or another text (the y ticks' own). */
    static final int GAP = 8;

    /** Category labels wider than this are shortened with an ellipsis. */
    static final int MAX_CATEGORY_WIDTH = 160;

    private static final double[] ANGLES = {0, Math.toRadians(45), Math.toRadians(90)};
    private static final int TITLE_BASELINE = 30;

    /** What a text is. */
    enum Kind {
        TITLE,
        Y_TICK,
        X_TICK,
        CATEGORY,
        X_TITLE,
        Y_TITLE
    }

    /**
     * A text drawn at {@code (x, y)} turned by {@code -angle} (so it reads upwards), starting
     * {@code dx} along its baseline from there.
     *
     * @param box the area it covers (its font's ascent to descent, one pixel around), in image
     *     pixels
     */
    record Label(
            Kind kind,
            String text,
            Font font,
            double x,
            double y,
            double angle,
            double dx,
            Shape box) {
        void draw(Graphics2D g) {
            Graphics2D r = (Graphics2D) g.create();
            r.setFont(font);
            r.translate(x, y);
            r.rotate(-angle);
            r.drawString(text, (float) dx, 0);
            r.dispose();
        }
    }

    final int left;
    final int right;
    final int top;
    final int bottom;

    /** Ticks of the x axis, or null on a category axis. */
    final Ticks xTicks;

    final Ticks yTicks;
    final List<Label> labels;

    private final Chart chart;
    private final FontMetrics fm;

    private ChartLayout(Chart chart, Graphics2D g) {
        this.chart = chart;
        this.fm = g.getFontMetrics(LABEL_FONT);
        yTicks = Ticks.of(chart.yMin, chart.yMax, chart.yIntegers());
        String[] cats = chart.categoryLabels();
        xTicks = cats == null ? Ticks.of(chart.xMin, chart.xMax, chart.xIntegers()) : null;
        int h = fm.getAscent() + fm.getDescent();
        int yTickWidth = 0;
        for (String s : yTicks.labels()) {
            yTickWidth = Math.max(yTickWidth, fm.stringWidth(s));
        }
        int l = Math.max(Chart.LEFT, PAD + h + GAP + yTickWidth + GAP);
        int r = Chart.RIGHT;
        int b = Chart.BOTTOM;
        List<Label> below = List.of();
        for (int round = 0;
                round < 20;
                round++) { // margins only grow, so this settles in a few rounds
            below = cats == null ? xTickLabels(l, r, b) : categoryLabels(fit(cats), l, r, b);
            Rectangle2D ext = bounds(below, new Rectangle2D.Double(l, Chart.HEIGHT - b, 0, 0));
            int nl = Math.max(l, (int) Math.ceil(l + PAD - ext.getMinX()));
            int nr = Math.max(r, (int) Math.ceil(r + ext.getMaxX() - (Chart.WIDTH - PAD)));
            int nb =
                    Math.max(
                            b, (int) Math.ceil(ext.getMaxY() - (Chart.HEIGHT - b) + GAP + h + PAD));
            if (nl == l && nr == r && nb == b) {
                break;
            }
            l = nl;
            r = nr;
            b = nb;
        }
        left = l;
        right = r;
        top = Chart.TOP;
        bottom = b;
        List<Label> all = new ArrayList<>();
        all.add(title(g.getFontMetrics(TITLE_FONT)));
        for (int i = 0; i < yTicks.values().length; i++) {
            String s = yTicks.labels()[i];
            double baseline = py(yTicks.values()[i]) + (fm.getAscent() - fm.getDescent()) / 2.0;
            all.add(
                    label(
                            Kind.Y_TICK,
                            s,
                            LABEL_FONT,
                            left - GAP - fm.stringWidth(s),
                            baseline,
                            0,
                            0));
        }
        all.addAll(below);
        String x = chart.xLabel;
        all.add(
                label(
                        Kind.X_TITLE,
                        x,
                        LABEL_FONT,
                        (left + Chart.WIDTH - right) / 2.0 - fm.stringWidth(x) / 2.0,
                        Chart.HEIGHT - PAD - fm.getDescent(),
                        0,
                        0));
        String y = shorten(chart.yLabel, Chart.HEIGHT - top - bottom);
        all.add(
                label(
                        Kind.Y_TITLE,
                        y,
                        LABEL_FONT,
                        PAD + fm.getAscent(),
                        (top + Chart.HEIGHT - bottom) / 2.0 + fm.stringWidth(y) / 2.0,
                        Math.PI / 2,
                        0));
        labels = List.copyOf(all);
    }

    /** The layout of {@code chart} (its ranges set) as {@code g}'s fonts draw it. */
    static ChartLayout of(Chart chart, Graphics2D g) {
        return new ChartLayout(chart, g);
    }

    /** Image x of data value {@code v}. */
    int px(double v) {
        return px(v, left, right);
    }

    /** Image y of data value {@code v}. */
    int py(double v) {
        return Chart.HEIGHT
                - bottom
                - (int)
                        Math.round(
                                (v - chart.yMin)
                                        / (chart.yMax - chart.yMin)
                                        * (Chart.HEIGHT - top - bottom));
    }

    private int px(double v, int l, int r) {
        return l
                + (int)
                        Math.round(
                                (v - chart.xMin)
                                        / (chart.xMax - chart.xMin)
                                        * (Chart.WIDTH - l - r));
    }

    private Label title(FontMetrics tm) {
        String t = chart.title;
        double x = Math.max(PAD, Math.min(left, Chart.WIDTH - PAD - tm.stringWidth(t)));
        return label(Kind.TITLE, t, TITLE_FONT, tm, x, TITLE_BASELINE, 0, 0);
    }

    /** Numeric x tick labels centred under their ticks (every k-th when neighbours would touch). */
    private List<Label> xTickLabels(int l, int r, int b) {
        double[] v = xTicks.values();
        List<Label> all = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            String s = xTicks.labels()[i];
            all.add(
                    label(
                            Kind.X_TICK,
                            s,
                            LABEL_FONT,
                            px(v[i], l, r) - fm.stringWidth(s) / 2.0,
                            belowAxis(b) + 1 + fm.getAscent(),
                            0,
                            0));
        }
        return thin(all);
    }

    /**
     * The top of the texts under the x axis: below the half of the lowest y tick label that reaches
     * under the axis, so the two never touch.
     */
    private double belowAxis(int b) {
        return Chart.HEIGHT - b + (fm.getAscent() + fm.getDescent() + 1) / 2.0 + GAP / 2.0 + 1;
    }

    /**
     * Category labels under the middle of their category, at the first angle where they do not
     * overlap.
     */
    private List<Label> categoryLabels(String[] cats, int l, int r, int b) {
        List<Label> placed = List.of();
        for (double angle : ANGLES) {
            List<Label> all = new ArrayList<>();
            for (int i = 0; i < cats.length; i++) {
                all.add(category(cats[i], px(i + 0.5, l, r), belowAxis(b), angle));
            }
            placed = all;
            if (!overlapping(all)) {
                return all;
            }
        }
        return thin(placed);
    }

    /**
     * A label whose end (or middle, when horizontal) sits under {@code centre} with its highest
     * point at {@code topY}.
     */
    private Label category(String s, double centre, double topY, double angle) {
        int w = fm.stringWidth(s);
        Shape atOrigin = box(w, -w, angle, 0, 0);
        double mid = (fm.getDescent() - fm.getAscent()) / 2.0;
        double x = angle == 0 ? centre + w / 2.0 : centre - mid * Math.sin(angle);
        double y = topY - atOrigin.getBounds2D().getMinY();
        return label(Kind.CATEGORY, s, LABEL_FONT, x, y, angle, -w);
    }

    /** Every k-th label, for the smallest k at which neighbours do not overlap. */
    private static List<Label> thin(List<Label> all) {
        for (int k = 1; ; k++) {
            List<Label> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i += k) {
                kept.add(all.get(i));
            }
            if (kept.size() <= 1 || !overlapping(kept)) {
                return kept;
            }
        }
    }

    private static boolean overlapping(List<Label> row) {
        for (int i = 1; i < row.size(); i++) {
            if (intersect(row.get(i - 1).box(), row.get(i).box())) {
                return true;
            }
        }
        return false;
    }

    /** Whether two label boxes share any area. */
    static boolean intersect(Shape a, Shape b) {
        if (!a.getBounds2D().intersects(b.getBounds2D())) {
            return false;
        }
        Area both = new Area(a);
        both.intersect(new Area(b));
        return !both.isEmpty();
    }

    private Label label(
            Kind kind, String text, Font font, double x, double y, double angle, double dx) {
        return label(kind, text, font, fm, x, y, angle, dx);
    }

    private static Label label(
            Kind kind,
            String text,
            Font font,
            FontMetrics m,
            double x,
            double y,
            double angle,
            double dx) {
        return new Label(
                kind, text, font, x, y, angle, dx, box(m, m.stringWidth(text), dx, angle, x, y));
    }

    private Shape box(int width, double dx, double angle, double x, double y) {
        return box(fm, width, dx, angle, x, y);
    }

    private static Shape box(
            FontMetrics m, int width, double dx, double angle, double x, double y) {
        Rectangle2D local =
                new Rectangle2D.Double(
                        dx - 1, -m.getAscent() - 1, width + 2, m.getAscent() + m.getDescent() + 2);
        AffineTransform t = AffineTransform.getTranslateInstance(x, y);
        t.rotate(-angle);
        return t.createTransformedShape(local);
    }

    private static Rectangle2D bounds(List<Label> labels, Rectangle2D start) {
        Rectangle2D r = (Rectangle2D) start.clone();
        for (Label l : labels) {
            r.add(l.box().getBounds2D());
        }
        return r;
    }

    /** Category labels no wider than {@link #MAX_CATEGORY_WIDTH}. */
    private String[] fit(String[] cats) {
        String[] out = new String[cats.length];
        for (int i = 0; i < cats.length; i++) {
            out[i] = shorten(cats[i], MAX_CATEGORY_WIDTH);
        }
        return out;
    }

    /** {@code s}, or its longest prefix that fits {@code width} pixels with an ellipsis. */
    private String shorten(String s, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n) + "…") > width) {
            n--;
        }
        return s.substring(0, n) + "…";
    }
}
