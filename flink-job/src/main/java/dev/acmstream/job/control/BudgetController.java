package dev.acmstream.job.control;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster-wide control law. Inputs are the latest {@link RecognizerLoad} of every recognizer
 * subtask: the worst p95 lag (primary) and the highest busy fraction (secondary).
 *
 * <p>A PI loop: the budget is 1 − (kp·e + ki·∫e), bounded to [b_min, 1] with anti-windup (the
 * integral stops where the bound is reached) and a rate limit (fast down, slow up); budgets
 * between {@code partialCeiling} and 1 round to the nearer end, since there the ACM's grouped
 * execution is slower than budget 1's dense path. The error is
 * <ul>
 *   <li>the relative lag error (lag − target) / target while lag is above target + dead band:
 *       the pipeline is falling behind, so the budget drops;</li>
 *   <li>(busy − busyHigh) / (1 − busyHigh) while lag is still within bounds but the busiest
 *       recognizer is at least busyHigh busy: it is about to fall behind. Busy answers the budget
 *       at once, while lag only grows once a backlog has formed and then needs spare capacity to
 *       drain, so acting on it keeps the lag from building at all;</li>
 *   <li>(busy − busyLow) / busyLow while lag is at or below target and the busiest recognizer
 *       has room (busy below busyLow): the budget climbs back;</li>
 *   <li>zero in between (hysteresis), so a pipeline that keeps up with little room to spare holds
 *       its budget instead of cycling.</li>
 * </ul>
 */
public final class BudgetController implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ControllerConfig config;
    private final Map<Integer, RecognizerLoad> latest = new HashMap<>();
    private double integral;
    private double budget = 1.0;
    /** The rate-limited controller output before the band (partialCeiling, 1) is jumped. */
    private double continuous = 1.0;
    private long lastStepMs = -1;
    private boolean pinned;

    public BudgetController(ControllerConfig config) {
        this.config = config;
    }

    public void report(RecognizerLoad load) {
        latest.put(load.subtask(), load);
    }

    public double budget() {
        return budget;
    }

    /** Pins the budget (manual override) until {@link #release()}. */
    public void pin(double b) {
        pinned = true;
        budget = clamp(b);
        continuous = budget;
    }

    public void release() {
        pinned = false;
    }

    /** Steps if at least {@code minIntervalMs} passed since the last step. */
    public double stepIfDue(long nowMs, long minIntervalMs) {
        if (lastStepMs < 0 || nowMs - lastStepMs >= minIntervalMs) {
            return step(nowMs);
        }
        return budget;
    }

    /** One control step at wall time {@code nowMs}; returns the new budget. */
    public double step(long nowMs) {
        double dt = lastStepMs < 0 ? 1.0 : Math.max(0.05, (nowMs - lastStepMs) / 1000.0);
        lastStepMs = nowMs;
        if (pinned) {
            return budget;
        }
        double lag = 0;
        double busy = 0;
        boolean any = false;
        for (RecognizerLoad l : latest.values()) {
            if (nowMs - l.sentAtMs() > config.staleAfterMs()) {
                continue;
            }
            any = true;
            lag = Math.max(lag, l.lagP95Ms());
            busy = Math.max(busy, l.busyFraction());
        }
        if (!any) {
            return budget;
        }
        double error;
        if (lag > config.targetLagMs() + config.deadbandMs()) {
            // Falling behind: lag is the primary signal.
            error = (lag - config.targetLagMs()) / config.targetLagMs();
        } else if (busy >= config.busyHigh()) {
            // Saturating before the lag shows it.
            error = (busy - config.busyHigh()) / (1 - config.busyHigh());
        } else if (busy < config.busyLow() && lag <= config.targetLagMs()) {
            // Keeping up with room to spare: spend it. Busy responds to the budget at once, so
            // steering on it settles where the lag loop (an integrating plant) would cycle.
            error = (busy - config.busyLow()) / config.busyLow();
        } else {
            error = 0; // hysteresis: keeping up, little room to spare
        }
        double candidateIntegral = integral + error * dt;
        double raw = 1 - (config.kp() * error + config.ki() * candidateIntegral);
        // Anti-windup: keep integrating only while the output is inside its bounds, or moving back in.
        boolean windsUp = (raw < config.minBudget() && error > 0) || (raw > 1 && error < 0);
        if (!windsUp) {
            integral = candidateIntegral;
        }
        integral = Math.max(0, integral);
        double target = clamp(1 - (config.kp() * error + config.ki() * integral));
        double delta = target - continuous;
        delta = Math.max(-config.maxDownPerSecond() * dt, Math.min(config.maxUpPerSecond() * dt, delta));
        continuous = clamp(continuous + delta);
        budget = skipBand(continuous);
        return budget;
    }

    /** Budgets in (partialCeiling, 1) round to whichever end is nearer. */
    private double skipBand(double b) {
        double ceiling = config.partialCeiling();
        if (b <= ceiling || b >= 1.0) {
            return b;
        }
        return b >= (1.0 + ceiling) / 2 ? 1.0 : ceiling;
    }

    private double clamp(double b) {
        return Math.max(config.minBudget(), Math.min(1.0, b));
    }
}
