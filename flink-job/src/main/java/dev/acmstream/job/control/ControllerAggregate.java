package dev.acmstream.job.control;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The controller as a Flink global aggregate: it runs in the JobMaster, which keeps one
 * accumulator (the {@link BudgetController}) per job. Every recognizer subtask adds its load
 * about once a second and gets the current budget back in the same call; the controller steps
 * at most once a second, whichever subtask's report triggers it.
 */
public final class ControllerAggregate implements AggregateFunction<RecognizerLoad, BudgetController, Double> {
    private static final long serialVersionUID = 1L;
    /** Lets the steps follow the reports' 1 Hz cadence without stepping once per subtask. */
    private static final long MIN_STEP_MS = 900;

    private final ControllerConfig config;

    public ControllerAggregate(ControllerConfig config) {
        this.config = config;
    }

    @Override
    public BudgetController createAccumulator() {
        return new BudgetController(config);
    }

    @Override
    public BudgetController add(RecognizerLoad load, BudgetController c) {
        c.report(load);
        c.stepIfDue(load.sentAtMs(), MIN_STEP_MS);
        return c;
    }

    @Override
    public Double getResult(BudgetController c) {
        return c.budget();
    }

    @Override
    public BudgetController merge(BudgetController a, BudgetController b) {
        return a;
    }
}
