package dev.acmstream.job.cli;

import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.control.ControllerConfig;
import dev.acmstream.job.control.GlobalBudgetSource;
import picocli.CommandLine.Option;

/** The budget options of the commands that run the job: a pinned budget, or the adaptive controller's settings. */
public final class BudgetOptions {
    @Option(names = "--budget", description = "pin the ACM budget (manual override of the adaptive controller), in [0.2, 1]")
    Double budget;

    @Option(names = "--budget-min", defaultValue = "0.2", description = "lowest budget the controller may set (default: ${DEFAULT-VALUE})")
    double minBudget;

    @Option(names = "--target-lag-ms", defaultValue = "1200", description = "p95 lag the budget controller steers to (default: ${DEFAULT-VALUE})")
    double targetLagMs;

    /**
     * Refuses a budget the models do not serve: {@code option} must be in [0.2, 1].
     *
     * @return {@code b}
     */
    static double served(String option, double b) {
        if (!(b >= BudgetCalibration.MIN_BUDGET && b <= 1)) {
            throw new BadInputException(option + " must be in [" + BudgetCalibration.MIN_BUDGET + ", 1], got " + b);
        }
        return b;
    }

    /**
     * Refuses a budget below 1 for a recognizer that cannot lower its compute (a dense model, or
     * an ACM model without a calibration), rather than running it at full width unannounced.
     */
    static void requireAdaptive(String option, double b, boolean adaptive, Object model) {
        if (b < 1 && !adaptive) {
            throw new BadInputException(option + " below 1 needs an ACM model with a calibration; " + model + " always runs at full width");
        }
    }

    /** True when no budget is pinned. */
    boolean adaptive() {
        return budget == null;
    }

    BudgetSource source() {
        if (budget != null) {
            return BudgetSource.fixed(served("--budget", budget));
        }
        served("--budget-min", minBudget);
        if (!(targetLagMs > 0)) {
            throw new BadInputException("--target-lag-ms must be positive, got " + targetLagMs);
        }
        ControllerConfig d = ControllerConfig.DEFAULT;
        return new GlobalBudgetSource(new ControllerConfig(minBudget, targetLagMs, d.deadbandMs(), d.kp(), d.ki(), d.busyLow(), d.busyHigh(),
                d.maxDownPerSecond(), d.maxUpPerSecond(), d.staleAfterMs(), Math.max(minBudget, d.partialCeiling())));
    }
}
