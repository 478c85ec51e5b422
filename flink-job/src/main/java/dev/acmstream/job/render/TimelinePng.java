package dev.acmstream.job.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Stacked time-series panels (one per quantity), with several named series each, as a PNG. */
public final class TimelinePng {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    private TimelinePng() {
    }

    /** One panel: a title, its series (x = seconds, y values; NaN for gaps) and their names. */
    public record Panel(String title, List<String> names, List<double[]> xs, List<double[]> ys) {
    }

    public static void write(List<Panel> panels, String title, Path out) throws IOException {
        int width = 1000;
        int panelHeight = 170;
        int left = 70;
        int top = 30;
        int height = top + panels.size() * (panelHeight + 25) + 30;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.blank(img);
        Canvas.title(g, title, left, 20);
        double xMax = 1;
        for (Panel p : panels) {
            for (double[] x : p.xs()) {
                for (double v : x) {
                    xMax = Math.max(xMax, v);
                }
            }
        }
        for (int pi = 0; pi < panels.size(); pi++) {
            Panel p = panels.get(pi);
            int y0 = top + pi * (panelHeight + 25);
            double yMax = 1e-9;
            for (double[] y : p.ys()) {
                for (double v : y) {
                    if (!Double.isNaN(v)) {
                        yMax = Math.max(yMax, v);
                    }
                }
            }
            yMax *= 1.1;
            int plotW = width - left - 20;
            g.setColor(new Color(0xf4f4f4));
            g.fillRect(left, y0 + 15, plotW, panelHeight);
            g.setColor(Color.BLACK);
            g.drawString(p.title(), left, y0 + 11);
            g.drawString(String.format(Locale.ROOT, "%.2f", yMax), 5, y0 + 25);
            g.drawString("0", 5, y0 + 15 + panelHeight);
            for (int si = 0; si < p.ys().size(); si++) {
                g.setColor(COLOURS[si % COLOURS.length]);
                g.setStroke(new BasicStroke(1.6f));
                double[] x = p.xs().get(si);
                double[] y = p.ys().get(si);
                int px = -1;
                int py = -1;
                for (int i = 0; i < x.length; i++) {
                    if (Double.isNaN(y[i])) {
                        px = -1;
                        continue;
                    }
                    int cx = left + (int) Math.round(x[i] / xMax * plotW);
                    int cy = y0 + 15 + panelHeight - (int) Math.round(Math.min(y[i], yMax) / yMax * panelHeight);
                    if (px >= 0) {
                        g.drawLine(px, py, cx, cy);
                    }
                    px = cx;
                    py = cy;
                }
                g.drawString(p.names().get(si), left + plotW - 160 + si * 80, y0 + 11);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("seconds", width / 2, height - 8);
        Canvas.save(img, g, out);
    }
}
