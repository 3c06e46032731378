package org.tinyprune.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.tinyprune.io.AtomicFiles;

/**
 * Shared frame of every chart: canvas, title, axes with round-number ticks, labels placed by {@link
 * ChartLayout} from their font metrics, legend, and atomic PNG output. Subclasses draw their data
 * inside the plot area through {@link #x(double)} and {@link #y(double)}.
 */
abstract class Chart {
    static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b)
    };
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    /** Smallest margins around the plot area; {@link ChartLayout} widens them to fit the labels. */
    static final int LEFT = 90;

    static final int RIGHT = 30;
    static final int TOP = 50;
    static final int BOTTOM = 90;

    final String title;
    final String xLabel;
    final String yLabel;
    double xMin;
    double xMax;
    double yMin;
    double yMax;
    private ChartLayout layout;

    Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Sets the data ranges before drawing. */
    abstract void computeRanges();

    /** Draws the data and returns the legend entries (may be empty). */
    abstract String[] drawData(Graphics2D g);

    /** Labels of the x ticks, or null for numeric ticks. */
    String[] categoryLabels() {
        return null;
    }

    /** Whether the x axis only holds whole numbers (its ticks are then whole numbers too). */
    boolean xIntegers() {
        return false;
    }

    /** Whether the y axis only holds whole numbers. */
    boolean yIntegers() {
        return false;
    }

    int x(double v) {
        return layout.px(v);
    }

    int y(double v) {
        return layout.py(v);
    }

    /** Left edge of the plot area. */
    int plotLeft() {
        return layout.left;
    }

    /** Right edge of the plot area. */
    int plotRight() {
        return WIDTH - layout.right;
    }

    /** Renders the chart and writes it to {@code file} as PNG (temporary file, then rename). */
    public void write(Path file) throws IOException {
        BufferedImage img = render();
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }

    /** The chart as an image. */
    BufferedImage render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        layout = layout(g);
        drawAxes(g);
        String[] legend = drawData(g);
        drawLegend(g, legend);
        g.dispose();
        return img;
    }

    /** Where the ticks and labels go, as {@link #render} draws them. */
    ChartLayout layout() {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        try {
            return layout(g);
        } finally {
            g.dispose();
        }
    }

    private ChartLayout layout(Graphics2D g) {
        computeRanges();
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        return ChartLayout.of(this, g);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private void drawAxes(Graphics2D g) {
        int bottomY = HEIGHT - layout.bottom;
        g.setColor(new Color(0xdddddd));
        for (double v : layout.yTicks.values()) {
            g.drawLine(plotLeft() + 1, y(v), plotRight(), y(v));
        }
        g.setColor(Color.BLACK);
        g.drawLine(plotLeft(), bottomY, plotRight(), bottomY);
        g.drawLine(plotLeft(), layout.top, plotLeft(), bottomY);
        if (layout.xTicks != null) {
            for (double v : layout.xTicks.values()) {
                g.drawLine(x(v), bottomY, x(v), bottomY + 4);
            }
        }
        for (ChartLayout.Label l : layout.labels) {
            l.draw(g);
        }
    }

    private void drawLegend(Graphics2D g, String[] legend) {
        g.setFont(ChartLayout.LABEL_FONT);
        int lx = plotRight() - 230;
        int ly = layout.top + 8;
        for (int i = 0; i < legend.length; i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(3));
            g.drawLine(lx, ly + i * 18, lx + 24, ly + i * 18);
            g.setColor(Color.BLACK);
            g.drawString(legend[i], lx + 30, ly + i * 18 + 4);
        }
    }
}
