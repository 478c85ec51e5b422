package dev.acmstream.job.control;

import java.io.Serializable;

/**
 * The budget controller's settings, defaults in {@link #DEFAULT}.
 *
 * @param minBudget lowest budget b_min (the 0.2)
 * @param targetLagMs p95 lag the loop steers to; a chunk is 640 ms, so lag below ~1 s is normal
 * @param deadbandMs no change while p95 lag is within this of the target (hysteresis)
 * @param kp proportional gain, budget per unit of relative lag error
 * @param ki integral gain, budget per second per unit of relative lag error
 * @param busyLow below this busy fraction (with lag at or under target) the budget climbs back
 * @param busyHigh at or above this busy fraction the budget drops before lag builds up
 * @param maxDownPerSecond largest budget decrease per second (rate limit)
 * @param maxUpPerSecond largest budget increase per second; recovery from b_min to 0.9 takes 0.7 / this
 * @param staleAfterMs reports older than this are ignored (a subtask that stopped)
 * @param partialCeiling highest budget below 1 the controller sets: between it and 1 the grouped
 *     execution's extra operations cost more than the learners they save (see
 *     {@code docs/BENCHMARKS.md}, budgets just below 1), so the budget jumps across that band
 */
public record ControllerConfig(double minBudget, double targetLagMs, double deadbandMs, double kp, double ki, double busyLow,
                               double busyHigh, double maxDownPerSecond, double maxUpPerSecond, long staleAfterMs,
                               double partialCeiling) implements Serializable {

    public static final ControllerConfig DEFAULT = new ControllerConfig(0.2, 1000, 150, 0.5, 0.2, 0.8, 0.9, 0.3, 0.05, 5000, 0.8);

    public ControllerConfig {
        if (!(minBudget > 0 && minBudget <= 1)) {
            throw new IllegalArgumentException("b_min must be in (0, 1], got " + minBudget);
        }
        if (!(partialCeiling >= minBudget && partialCeiling <= 1)) {
            throw new IllegalArgumentException("the partial-budget ceiling must be in [b_min, 1], got " + partialCeiling);
        }
        if (!(busyLow < busyHigh && busyHigh <= 1)) {
            throw new IllegalArgumentException("busy thresholds must satisfy busyLow < busyHigh <= 1, got " + busyLow + ", " + busyHigh);
        }
    }
}
