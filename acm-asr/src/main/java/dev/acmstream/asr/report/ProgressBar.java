package dev.acmstream.asr.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long work: done/total, rate, ETA and a caller-supplied detail.
 * On a terminal it redraws in place; into a log file it writes a line at most every
 * {@code logEverySeconds}, so that a person tailing the log can watch it.
 */
public final class ProgressBar {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final double logEverySeconds;
    private long lastPrint;

    public ProgressBar(String label, long total, PrintStream out) {
        this(label, total, out, System.console() != null, 30);
    }

    public ProgressBar(String label, long total, PrintStream out, boolean terminal, double logEverySeconds) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.terminal = terminal;
        this.logEverySeconds = logEverySeconds;
    }

    /** Reports progress; cheap to call often. */
    public synchronized void update(long done, String detail) {
        long now = System.nanoTime();
        double minGap = terminal ? 0.2 : logEverySeconds;
        if (done < total && (now - lastPrint) / 1e9 < minGap) {
            return;
        }
        lastPrint = now;
        out.print(render(done, detail, (now - startNanos) / 1e9) + (terminal ? "\r" : "\n"));
        if (done >= total && terminal) {
            out.println();
        }
        out.flush();
    }

    String render(long done, String detail, double elapsed) {
        double frac = Math.min(1.0, done / (double) total);
        int width = 24;
        int filled = (int) Math.round(frac * width);
        double rate = elapsed > 0 ? done / elapsed : 0;
        String eta = rate > 0 && done < total ? formatDuration((total - done) / rate) : "--:--";
        return String.format(Locale.ROOT, "%s [%s%s] %5.1f%% %d/%d  %.2f/s  elapsed %s  ETA %s  %s", label,
                "#".repeat(filled), ".".repeat(width - filled), 100 * frac, done, total, rate,
                formatDuration(elapsed), eta, detail == null ? "" : detail);
    }

    public static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
