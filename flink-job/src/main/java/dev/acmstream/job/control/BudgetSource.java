package dev.acmstream.job.control;

import java.io.Serializable;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * Where a recognizer subtask gets its budget target and reports its load. The recognizer
 * calls {@link #update} about once a second from its task thread.
 */
public interface BudgetSource extends Serializable {

    /** Called once when the recognizer opens. */
    default void open(StreamingRuntimeContext ctx, int subtask) {
    }

    /**
     * Reports this subtask's load and returns the budget to use until the next update.
     *
     * @param load the subtask's signals over the last interval
     */
    double update(RecognizerLoad load);

    /** Called once when the recognizer closes. */
    default void close() {
    }

    /** The budget fixed at construction, or the last one received. */
    double current();

    /** A pinned budget. */
    static BudgetSource fixed(double budget) {
        return new FixedBudget(budget);
    }
}
