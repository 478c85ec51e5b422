package dev.acmstream.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The controller against a simulated recognizer. Capacity at budget b is C1 / (a + (1 − a)·b),
 * with a = 0.5 the share of the encoder's cost that the budget does not touch (attention,
 * subsampling, decoding), so budget 0.2 serves Smin = 1.67 × S1 streams. Backlog builds when the
 * offered streams exceed capacity, and lag is a 0.9 s floor (one chunk plus batching) plus the
 * backlog per stream.
 */
class BudgetControllerTest {
    private static final double S1 = 50;
    private static final double A = 0.5;
    private static final double SMIN = S1 / (A + (1 - A) * 0.2);
    /** The load test's shape: 0.8 × S1, a minute's ramp to 0.9 × Smin, a minute's hold, back. */
    private static final DoubleUnaryOperator RAMP = t -> t < 20 ? 0.8 * S1
            : t < 80 ? 0.8 * S1 + (0.9 * SMIN - 0.8 * S1) * (t - 20) / 60
            : t < 140 ? 0.9 * SMIN : 0.8 * S1;

    record Trace(List<Double> time, List<Double> budget, List<Double> lag) {
        double maxLag(double from, double to) {
            double m = 0;
            for (int i = 0; i < time.size(); i++) {
                if (time.get(i) >= from && time.get(i) <= to) {
                    m = Math.max(m, lag.get(i));
                }
            }
            return m;
        }

        double budgetAt(double t) {
            for (int i = 0; i < time.size(); i++) {
                if (time.get(i) >= t) {
                    return budget.get(i);
                }
            }
            return budget.get(budget.size() - 1);
        }

        /** Seconds after {@code from} until the budget is back to at least {@code level}. */
        double recovery(double from, double level) {
            for (int i = 0; i < time.size(); i++) {
                if (time.get(i) >= from && budget.get(i) >= level) {
                    return time.get(i) - from;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    /** Simulates {@code seconds} of load (streams as a function of time) under the controller. */
    static Trace simulate(DoubleUnaryOperator streams, double seconds, BudgetController c) {
        double dt = 0.1;
        double backlog = 0;
        double b = 1.0;
        List<Double> ts = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        double lagMaxInterval = 0;
        double busy = 0;
        for (int i = 0; i * dt < seconds; i++) {
            double t = i * dt;
            double load = streams.applyAsDouble(t);
            double capacity = S1 / (A + (1 - A) * b);
            double served = Math.min(capacity, load + backlog / dt);
            backlog = Math.max(0, backlog + (load - served) * dt);
            busy = Math.min(1, (load + backlog / 1.0) / capacity);
            double lag = 0.9 + (load > 0 ? backlog / load : 0);
            lagMaxInterval = Math.max(lagMaxInterval, lag);
            if (i % 10 == 9) {
                long now = Math.round(t * 1000);
                c.report(new RecognizerLoad(0, lagMaxInterval * 1000, lagMaxInterval * 1000, busy, backlog / Math.max(1, load),
                        b, now));
                b = c.step(now);
                lagMaxInterval = 0;
            }
            ts.add(t);
            bs.add(b);
            lags.add(lag);
        }
        return new Trace(ts, bs, lags);
    }

    @Test
    void aStepLoadAboveS1KeepsLagBoundedAtAReducedBudget() {
        Trace tr = simulate(t -> t < 10 ? 0.5 * S1 : 1.4 * S1, 150, new BudgetController(ControllerConfig.DEFAULT));
        assertThat(tr.maxLag(40, 150)).isLessThanOrEqualTo(2.0);
        assertThat(tr.budgetAt(140)).isBetween(0.25, 0.8);
        assertThat(tr.budgetAt(9)).isEqualTo(1.0);
    }

    @Test
    void aRampToNinetyPercentOfSminIsAbsorbedAndTheBudgetReturnsWithinThirtySeconds() {
        Trace tr = simulate(RAMP, 200, new BudgetController(ControllerConfig.DEFAULT));
        assertThat(tr.maxLag(80, 140)).isLessThanOrEqualTo(2.0);
        assertThat(tr.budgetAt(139)).isLessThan(0.5);
        assertThat(tr.recovery(140, 0.9)).isLessThanOrEqualTo(30);
    }

    @Test
    void aRecognizerNearSaturationLowersTheBudgetBeforeALagBuildsUp() {
        // The same ramp: with the busy signal the budget moves while the lag is still at its
        // floor; on lag alone it would first have to pass target + dead band (1.4 s).
        Trace tr = simulate(RAMP, 200, new BudgetController(ControllerConfig.DEFAULT));
        assertThat(tr.maxLag(0, 200)).isLessThan(1.2);
        assertThat(tr.budgetAt(139)).isLessThan(0.5);
    }

    @Test
    void theBudgetNeverSitsJustBelowOneWhereTheGroupedExecutionCostsMoreThanItSaves() {
        DoubleUnaryOperator ramp = t -> t < 20 ? 0.5 * S1 : t < 80 ? 0.5 * S1 + (1.3 * S1 - 0.5 * S1) * (t - 20) / 60
                : t < 140 ? 1.05 * S1 : 0.5 * S1;
        Trace tr = simulate(ramp, 220, new BudgetController(ControllerConfig.DEFAULT));
        assertThat(tr.budget()).allSatisfy(b -> assertThat(b <= 0.8 || b == 1.0).as("budget %s", b).isTrue());
        assertThat(tr.budget()).anySatisfy(b -> assertThat(b).isLessThan(0.8));
        assertThat(tr.budgetAt(219)).isEqualTo(1.0);
    }

    @Test
    void busyThresholdsMustLeaveABand() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ControllerConfig(0.2, 1200, 200, 0.25, 0.15, 0.95, 0.9, 0.15, 0.05, 5000, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busyLow < busyHigh");
    }

    @Test
    void aConstantOverloadSettlesWithoutOscillating() {
        Trace tr = simulate(t -> 1.2 * S1, 240, new BudgetController(ControllerConfig.DEFAULT));
        List<Double> late = tr.budget().subList(1200, tr.budget().size());
        double min = late.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = late.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        assertThat(max - min).isLessThan(0.08);
        int reversals = 0;
        double lastDelta = 0;
        for (int i = 10; i < late.size(); i += 10) {
            double d = late.get(i) - late.get(i - 10);
            if (Math.abs(d) > 0.01 && Math.signum(d) != Math.signum(lastDelta) && lastDelta != 0) {
                reversals++;
            }
            if (Math.abs(d) > 0.01) {
                lastDelta = d;
            }
        }
        assertThat(reversals).isLessThanOrEqualTo(2);
    }

    @Test
    void beyondSminTheBudgetSaturatesAtTheMinimumAndRecoversWithoutWindUp() {
        Trace tr = simulate(t -> t < 120 ? 1.2 * SMIN : 0.5 * S1, 200, new BudgetController(ControllerConfig.DEFAULT));
        assertThat(tr.budgetAt(100)).isEqualTo(0.2);
        assertThat(tr.maxLag(100, 120)).isGreaterThan(2.0); // nothing can help past Smin
        // The backlog drains first, then the budget returns.
        assertThat(tr.recovery(120, 0.9)).isLessThan(60);
    }

    @Test
    void aPinnedBudgetIgnoresTheLoad() {
        BudgetController c = new BudgetController(ControllerConfig.DEFAULT);
        c.pin(0.5);
        Trace tr = simulate(t -> 1.5 * S1, 30, c);
        assertThat(tr.budgetAt(29)).isEqualTo(0.5);
    }
}
