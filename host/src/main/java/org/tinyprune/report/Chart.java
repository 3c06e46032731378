package org.tinyprune.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Shared frame of every chart: canvas, title, axes with ticks, legend, and atomic PNG output.
 * Subclasses draw their data inside the plot area through {@link #x(double)} and {@link #y(double)}.
 */
abstract class Chart {
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    static final int WIDTH = 900;
    static final int HEIGHT = 520;
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

    int x(double v) {
        return LEFT + (int) Math.round((v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT));
    }

    int y(double v) {
        return HEIGHT - BOTTOM - (int) Math.round((v - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM));
    }

    /** Renders the chart and writes it to {@code file} as PNG (temporary file, then rename). */
    public void write(Path file) throws IOException {
        computeRanges();
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        drawAxes(g);
        String[] legend = drawData(g);
        drawLegend(g, legend);
        g.dispose();
        Files2.writeAtomically(file, out -> ImageIO.write(img, "png", out));
    }

    private void drawAxes(Graphics2D g) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double v = yMin + (yMax - yMin) * i / 5;
            int py = y(v);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT + 1, py, WIDTH - RIGHT, py);
            g.setColor(Color.BLACK);
            String s = number(v);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), py + 4);
        }
        String[] cats = categoryLabels();
        if (cats == null) {
            for (int i = 0; i <= 5; i++) {
                double v = xMin + (xMax - xMin) * i / 5;
                String s = number(v);
                g.drawString(s, x(v) - g.getFontMetrics().stringWidth(s) / 2, HEIGHT - BOTTOM + 18);
            }
        } else {
            for (int i = 0; i < cats.length; i++) {
                Graphics2D r = (Graphics2D) g.create();
                r.translate(x(i + 0.5), HEIGHT - BOTTOM + 10);
                r.rotate(Math.toRadians(35));
                r.drawString(cats[i], 0, 0);
                r.dispose();
            }
        }
        g.drawString(xLabel, (LEFT + WIDTH - RIGHT) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 12);
        Graphics2D r = (Graphics2D) g.create();
        r.translate(18, (TOP + HEIGHT - BOTTOM) / 2 + g.getFontMetrics().stringWidth(yLabel) / 2);
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, 0, 0);
        r.dispose();
    }

    private void drawLegend(Graphics2D g, String[] legend) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int lx = WIDTH - RIGHT - 230;
        int ly = TOP + 8;
        for (int i = 0; i < legend.length; i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(3));
            g.drawLine(lx, ly + i * 18, lx + 24, ly + i * 18);
            g.setColor(Color.BLACK);
            g.drawString(legend[i], lx + 30, ly + i * 18 + 4);
        }
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
