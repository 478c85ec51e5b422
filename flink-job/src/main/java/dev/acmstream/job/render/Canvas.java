package dev.acmstream.job.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What every plot of this package starts and ends with: a white antialiased page, a title, a PNG file. */
final class Canvas {
    private Canvas() {
    }

    /** An RGB image of this size, white, with antialiased lines and text and a black pen. */
    static Graphics2D blank(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    /** The plot's title in bold at (x, y), baseline; the font is left plain 11 for labels. */
    static void title(Graphics2D g, String title, int x, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    static void save(BufferedImage img, Graphics2D g, Path out) throws IOException {
        g.dispose();
        if (!ImageIO.write(img, "png", out.toFile())) {
            throw new IOException("no PNG writer for " + out);
        }
    }
}
