package dev.acmstream.job.cli;

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

    /** True when no budget is pinned. */
    boolean adaptive() {
        return budget == null;
    }

    BudgetSource source() {
        if (budget != null) {
            if (budget < 0.2 || budget > 1) {
                throw new BadInputException("--budget must be in [0.2, 1], got " + budget);
            }
            return BudgetSource.fixed(budget);
        }
        if (minBudget < 0.2 || minBudget > 1) {
            throw new BadInputException("--budget-min must be in [0.2, 1], got " + minBudget);
        }
        if (!(targetLagMs > 0)) {
            throw new BadInputException("--target-lag-ms must be positive, got " + targetLagMs);
        }
        ControllerConfig d = ControllerConfig.DEFAULT;
        return new GlobalBudgetSource(new ControllerConfig(minBudget, targetLagMs, d.deadbandMs(), d.kp(), d.ki(), d.busyLow(), d.busyHigh(),
                d.maxDownPerSecond(), d.maxUpPerSecond(), d.staleAfterMs(), Math.max(minBudget, d.partialCeiling())));
    }
}
