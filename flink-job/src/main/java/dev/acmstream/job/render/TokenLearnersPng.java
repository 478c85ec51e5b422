package dev.acmstream.job.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A spectrogram with, under it, the ACM learners each encoder token used (mean over layers),
 * and the greedy CTC characters at their tokens: where the model spent its compute.
 */
public final class TokenLearnersPng {
    private static final int SPEC_HEIGHT = 160;
    private static final int BAR_HEIGHT = 120;
    private static final int LEFT = 70;
    /** Pixels per 10 ms feature frame. */
    private static final int PX_PER_FRAME = 2;

    private TokenLearnersPng() {
    }

    /**
     * @param frames log-mel {@code [frames][bins]}
     * @param learners mean learners per layer for each token (4 frames each)
     * @param maxLearners N
     * @param chars the greedy CTC output per token ('\0' for blank)
     */
    public static void write(float[][] frames, double[] learners, int maxLearners, char[] chars, String title, Path out) throws IOException {
        int width = LEFT + Math.max(300, frames.length * PX_PER_FRAME) + 20;
        int height = 30 + SPEC_HEIGHT + 20 + BAR_HEIGHT + 50;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.blank(img);
        Canvas.title(g, title, LEFT, 20);
        int specTop = 30;
        SpectrogramPng.drawPanel(img, frames, LEFT, specTop, frames.length * PX_PER_FRAME, SPEC_HEIGHT);
        g.setColor(Color.BLACK);
        g.drawString("log-mel", 4, specTop + SPEC_HEIGHT / 2);
        int barTop = specTop + SPEC_HEIGHT + 20;
        int tokenPx = 4 * PX_PER_FRAME;
        g.setColor(new Color(0xdddddd));
        for (int k = 0; k <= maxLearners; k++) {
            int y = barTop + BAR_HEIGHT - k * BAR_HEIGHT / Math.max(1, maxLearners);
            g.drawLine(LEFT, y, LEFT + learners.length * tokenPx, y);
        }
        g.setColor(Color.BLACK);
        for (int k = 0; k <= maxLearners; k++) {
            int y = barTop + BAR_HEIGHT - k * BAR_HEIGHT / Math.max(1, maxLearners);
            g.drawString(String.valueOf(k), LEFT - 14, y + 4);
        }
        g.drawString("learners", 4, barTop + BAR_HEIGHT / 2 - 6);
        g.drawString("per token", 4, barTop + BAR_HEIGHT / 2 + 8);
        Color bar = new Color(0xc2410c);
        for (int t = 0; t < learners.length; t++) {
            int h = (int) Math.round(learners[t] / Math.max(1, maxLearners) * BAR_HEIGHT);
            g.setColor(bar);
            g.fillRect(LEFT + t * tokenPx, barTop + BAR_HEIGHT - h, Math.max(1, tokenPx - 1), h);
            if (chars != null && t < chars.length && chars[t] != 0) {
                g.setColor(Color.BLACK);
                g.drawString(chars[t] == ' ' ? "_" : String.valueOf(chars[t]), LEFT + t * tokenPx, barTop + BAR_HEIGHT + 14);
            }
        }
        g.setColor(Color.BLACK);
        for (int s = 0; s * 100 < frames.length; s++) {
            int x = LEFT + s * 100 * PX_PER_FRAME;
            g.drawLine(x, barTop + BAR_HEIGHT + 18, x, barTop + BAR_HEIGHT + 24);
            g.drawString(String.format(Locale.ROOT, "%d s", s), x + 2, barTop + BAR_HEIGHT + 36);
        }
        Canvas.save(img, g, out);
    }
}
