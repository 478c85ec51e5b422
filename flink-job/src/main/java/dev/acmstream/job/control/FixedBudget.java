package dev.acmstream.job.control;

/** A budget pinned by configuration (the manual override, or a benchmark's fixed setting). */
public final class FixedBudget implements BudgetSource {
    private static final long serialVersionUID = 1L;
    private final double budget;

    public FixedBudget(double budget) {
        if (budget <= 0 || budget > 1) {
            throw new IllegalArgumentException("budget must be in (0, 1], got " + budget);
        }
        this.budget = budget;
    }

    @Override
    public double update(RecognizerLoad load) {
        return budget;
    }

    @Override
    public double current() {
        return budget;
    }
}
