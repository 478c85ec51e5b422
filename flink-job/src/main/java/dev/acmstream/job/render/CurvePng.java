package dev.acmstream.job.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Side-by-side panels of y against x, with named series drawn as points joined in x order: WER against compute. */
public final class CurvePng {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b)};

    private CurvePng() {
    }

    /** One series: a name and its points. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** One panel: a title and its series. */
    public record Panel(String title, List<Series> series) {
    }

    public static void write(List<Panel> panels, String xLabel, String yLabel, String title, Path out) throws IOException {
        int panelWidth = 520;
        int panelHeight = 380;
        int left = 60;
        int top = 50;
        int width = panels.size() * (panelWidth + left) + 20;
        int height = top + panelHeight + 140;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.blank(img);
        Canvas.title(g, title, left, 22);
        for (int pi = 0; pi < panels.size(); pi++) {
            Panel p = panels.get(pi);
            int x0 = left + pi * (panelWidth + left);
            double xMin = Double.MAX_VALUE;
            double xMax = -Double.MAX_VALUE;
            double yMin = Double.MAX_VALUE;
            double yMax = -Double.MAX_VALUE;
            for (Series s : p.series()) {
                for (int i = 0; i < s.x().length; i++) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
            if (xMin > xMax) {
                continue;
            }
            double xPad = Math.max(1e-9, (xMax - xMin) * 0.08);
            double yPad = Math.max(1e-3, (yMax - yMin) * 0.12);
            double ax = xMin - xPad;
            double bx = xMax + xPad;
            double ay = Math.max(0, yMin - yPad);
            double by = yMax + yPad;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(p.title(), x0, top - 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(new Color(0xdddddd));
            for (int i = 0; i <= 5; i++) {
                int gy = top + panelHeight - i * panelHeight / 5;
                g.drawLine(x0, gy, x0 + panelWidth, gy);
                int gx = x0 + i * panelWidth / 5;
                g.drawLine(gx, top, gx, top + panelHeight);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x0, top, panelWidth, panelHeight);
            for (int i = 0; i <= 5; i++) {
                double yv = ay + (by - ay) * i / 5;
                g.drawString(String.format(Locale.ROOT, "%.1f", yv), x0 - 40, top + panelHeight - i * panelHeight / 5 + 4);
                double xv = ax + (bx - ax) * i / 5;
                g.drawString(String.format(Locale.ROOT, "%.0f", xv), x0 + i * panelWidth / 5 - 10, top + panelHeight + 15);
            }
            g.drawString(xLabel, x0 + panelWidth / 2 - 60, top + panelHeight + 32);
            g.drawString(yLabel, x0, top + panelHeight + 48);
            g.setStroke(new BasicStroke(2f));
            for (int si = 0; si < p.series().size(); si++) {
                Series s = p.series().get(si);
                g.setColor(COLOURS[si % COLOURS.length]);
                Integer[] order = new Integer[s.x().length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(s.x()[a], s.x()[b]));
                int px = -1;
                int py = -1;
                for (int i : order) {
                    int cx = x0 + (int) Math.round((s.x()[i] - ax) / (bx - ax) * panelWidth);
                    int cy = top + panelHeight - (int) Math.round((s.y()[i] - ay) / (by - ay) * panelHeight);
                    g.fillOval(cx - 4, cy - 4, 8, 8);
                    if (px >= 0) {
                        g.drawLine(px, py, cx, cy);
                    }
                    px = cx;
                    py = cy;
                }
                int ly = top + panelHeight + 64 + (si / 2) * 16;
                int lx = x0 + (si % 2) * (panelWidth / 2);
                g.fillRect(lx, ly - 9, 12, 10);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), lx + 18, ly);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
        }
        Canvas.save(img, g, out);
    }
}
