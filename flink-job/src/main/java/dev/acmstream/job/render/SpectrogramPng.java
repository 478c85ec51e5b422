package dev.acmstream.job.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Draws log-mel spectrograms as a PNG, one panel per channel, low frequencies at the bottom. */
public final class SpectrogramPng {
    private static final int PANEL_HEIGHT = 160;
    private static final int LABEL_WIDTH = 70;

    private SpectrogramPng() {
    }

    /**
     * @param panels {@code [frames][bins]} per channel
     * @param labels one caption per panel
     * @param overlay optional per-frame values in [0, 1] drawn as a line over each panel (may be null)
     */
    public static void write(List<float[][]> panels, List<String> labels, float[] overlay, Path out) throws IOException {
        int frames = panels.stream().mapToInt(p -> p.length).max().orElse(1);
        int width = LABEL_WIDTH + Math.max(200, Math.min(frames, 4000));
        int height = panels.size() * (PANEL_HEIGHT + 10) + 10;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.blank(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int p = 0; p < panels.size(); p++) {
            float[][] f = panels.get(p);
            int top = 10 + p * (PANEL_HEIGHT + 10);
            drawPanel(img, f, LABEL_WIDTH, top, width - LABEL_WIDTH, PANEL_HEIGHT);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(p), 4, top + PANEL_HEIGHT / 2);
            if (overlay != null) {
                g.setColor(Color.WHITE);
                int cols = width - LABEL_WIDTH;
                int prevY = -1;
                for (int x = 0; x < cols; x++) {
                    int idx = (int) ((long) x * overlay.length / cols);
                    int y = top + PANEL_HEIGHT - 1 - Math.round(overlay[Math.min(idx, overlay.length - 1)] * (PANEL_HEIGHT - 1));
                    if (prevY >= 0) {
                        g.drawLine(LABEL_WIDTH + x - 1, prevY, LABEL_WIDTH + x, y);
                    }
                    prevY = y;
                }
            }
        }
        Canvas.save(img, g, out);
    }

    static void drawPanel(BufferedImage img, float[][] f, int left, int top, int width, int height) {
        if (f.length == 0) {
            return;
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] frame : f) {
            for (float v : frame) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        // Show the top 80 dB (natural-log power: 80 dB = 18.4 nepers).
        min = Math.max(min, max - 18.4f);
        int bins = f[0].length;
        for (int x = 0; x < width; x++) {
            int t = (int) ((long) x * f.length / width);
            for (int y = 0; y < height; y++) {
                int k = (int) ((long) (height - 1 - y) * bins / height);
                float v = (f[t][k] - min) / Math.max(1e-6f, max - min);
                img.setRGB(left + x, top + y, colour(Math.max(0, Math.min(1, v))));
            }
        }
    }

    /** A dark-blue → magenta → yellow ramp, readable in print. */
    private static int colour(float v) {
        int r = (int) (255 * Math.min(1, 1.8 * v));
        int g = (int) (255 * Math.max(0, (v - 0.5) * 2));
        int b = (int) (255 * Math.max(0, Math.min(1, 0.5 + Math.sin(Math.PI * v)) * (1 - v)));
        return (r << 16) | (g << 8) | b;
    }
}
