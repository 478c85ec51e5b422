package dev.acmstream.job.loadtest;

/**
 * Offered load over time: {@code low} streams (below S1), a ramp to {@code peak} streams
 * (0.9 × Smin), a hold, and back to {@code low}.
 */
public record LoadSchedule(int low, int peak, double lowSeconds, double rampSeconds, double holdSeconds, double tailSeconds) {

    public double duration() {
        return lowSeconds + rampSeconds + holdSeconds + tailSeconds;
    }

    /** Seconds from the start at which the overload ends (load drops back below S1). */
    public double overloadEnd() {
        return lowSeconds + rampSeconds + holdSeconds;
    }

    public boolean inHold(double t) {
        return t >= lowSeconds + rampSeconds && t < overloadEnd();
    }

    public int streamsAt(double t) {
        if (t < lowSeconds) {
            return low;
        }
        if (t < lowSeconds + rampSeconds) {
            return (int) Math.round(low + (peak - low) * (t - lowSeconds) / rampSeconds);
        }
        if (t < overloadEnd()) {
            return peak;
        }
        return t < duration() ? low : 0;
    }
}
