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
 * @param maxDownPerSecond largest budget decrease per second (rate limit)
 * @param maxUpPerSecond largest budget increase per second; recovery from b_min to 0.9 takes 0.7 / this
 * @param staleAfterMs reports older than this are ignored (a subtask that stopped)
 */
public record ControllerConfig(double minBudget, double targetLagMs, double deadbandMs, double kp, double ki, double busyLow,
                               double maxDownPerSecond, double maxUpPerSecond, long staleAfterMs) implements Serializable {

    public static final ControllerConfig DEFAULT = new ControllerConfig(0.2, 1200, 200, 0.25, 0.15, 0.85, 0.15, 0.05, 5000);
}
