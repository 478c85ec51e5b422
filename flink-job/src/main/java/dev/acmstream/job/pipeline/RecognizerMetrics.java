package dev.acmstream.job.pipeline;

import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.job.control.RecognizerLoad;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The recognizer's Flink metrics, updated each decode and summarized once a second:
 * {@code budget}, {@code learnersPerToken}, {@code lagP50Ms}, {@code lagP95Ms},
 * {@code audioSecondsPerSecond}, {@code encoderMacsPerSecond}, {@code busyRatio} and
 * {@code busyRatioAtFullBudget}. The last is busy time scaled to what budget 1 would have cost:
 * a lower budget lowers raw busy time and so hides load; scale out on this gauge.
 */
final class RecognizerMetrics {
    private final ModelConfig config;
    private final long perLearnerMacs;
    private double[] lags = new double[256];
    private int lagCount;
    private long busyNanos;
    private long tokens;
    private long learners;
    private long macs;
    private long fullMacs;
    private long intervalStartMs = -1;

    private volatile double lastLagP50;
    private volatile double lastLagP95;
    private volatile double lastThroughput;
    private volatile double lastMacsPerSecond;
    private volatile double lastLearners = 1;
    private volatile double lastBusy;
    private volatile double lastBusyFull;

    RecognizerMetrics(MetricGroup group, ModelConfig config, DoubleSupplier budget) {
        this.config = config;
        this.perLearnerMacs = config.isAcm() ? 2L * config.dModel() * (config.ffnDim() / config.learners()) : 0;
        group.gauge("budget", (Gauge<Double>) budget::getAsDouble);
        group.gauge("learnersPerToken", (Gauge<Double>) () -> lastLearners);
        group.gauge("lagP50Ms", (Gauge<Double>) () -> lastLagP50);
        group.gauge("lagP95Ms", (Gauge<Double>) () -> lastLagP95);
        group.gauge("audioSecondsPerSecond", (Gauge<Double>) () -> lastThroughput);
        group.gauge("encoderMacsPerSecond", (Gauge<Double>) () -> lastMacsPerSecond);
        group.gauge("busyRatio", (Gauge<Double>) () -> lastBusy);
        group.gauge("busyRatioAtFullBudget", (Gauge<Double>) () -> lastBusyFull);
    }

    void decoded(long nanos, long tokens, long learners, long macs, double budget) {
        busyNanos += nanos;
        this.tokens += tokens;
        this.learners += learners;
        this.macs += macs;
        long unused = config.isAcm() ? (long) config.layers() * config.learners() * tokens - learners : 0;
        this.fullMacs += macs + unused * perLearnerMacs;
    }

    void lag(long ms) {
        if (lagCount == lags.length) {
            lags = Arrays.copyOf(lags, lags.length * 2);
        }
        lags[lagCount++] = ms;
    }

    /** Closes the interval: updates the gauges and returns the load report. */
    RecognizerLoad interval(int subtask, double backlogSeconds, double budget, long nowMs) {
        double seconds = intervalStartMs < 0 ? 1.0 : Math.max(1e-3, (nowMs - intervalStartMs) / 1000.0);
        intervalStartMs = nowMs;
        double[] sorted = Arrays.copyOf(lags, lagCount);
        Arrays.sort(sorted);
        lastLagP50 = percentile(sorted, 0.5);
        lastLagP95 = percentile(sorted, 0.95);
        double lagMax = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        lastThroughput = tokens * 0.04 / seconds;
        lastMacsPerSecond = macs / seconds;
        lastLearners = config.isAcm() && tokens > 0 ? learners / (double) ((long) config.layers() * config.learners() * tokens) : lastLearners;
        lastBusy = Math.min(1.0, busyNanos / 1e9 / seconds);
        lastBusyFull = macs > 0 ? lastBusy * fullMacs / (double) macs : lastBusy;
        RecognizerLoad load = new RecognizerLoad(subtask, lastLagP95, lagMax, lastBusy, backlogSeconds, budget, nowMs);
        lagCount = 0;
        busyNanos = 0;
        tokens = 0;
        learners = 0;
        macs = 0;
        fullMacs = 0;
        return load;
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
