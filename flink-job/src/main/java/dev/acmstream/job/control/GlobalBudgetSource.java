package dev.acmstream.job.control;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.runtime.taskexecutor.GlobalAggregateManager;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive budget: every recognizer subtask sends its load to one {@link BudgetController}
 * in the JobMaster through Flink's {@link GlobalAggregateManager} and takes back the budget.
 *
 * <p>Why this mechanism: Flink 2 has no iterations to loop a stream back, its REST metrics
 * refresh only every ~10 s (and an embedded run may have no REST endpoint), and a Kafka control
 * topic would need a broker even for local runs. A global aggregate is one RPC to the JobMaster
 * that works the same in the embedded job and on a cluster, aggregates across all subtasks by
 * construction, and returns the budget in the same round trip, so signal to budget takes one
 * report interval (1 s). The RPC runs on a small background thread, so a slow JobMaster never
 * blocks decoding; the recognizer uses the last budget it received.
 */
public final class GlobalBudgetSource implements BudgetSource {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GlobalBudgetSource.class);
    private static final String AGGREGATE = "acm-stream-budget";

    private final ControllerConfig config;
    private transient GlobalAggregateManager manager;
    private transient ExecutorService rpc;
    private transient AtomicBoolean inFlight;
    private transient volatile double budget;

    public GlobalBudgetSource(ControllerConfig config) {
        this.config = config;
    }

    @Override
    public void open(StreamingRuntimeContext ctx, int subtask) {
        manager = ctx.getGlobalAggregateManager();
        rpc = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "acm-budget-rpc-" + subtask);
            t.setDaemon(true);
            return t;
        });
        inFlight = new AtomicBoolean();
        budget = 1.0;
    }

    @Override
    public double update(RecognizerLoad load) {
        if (inFlight.compareAndSet(false, true)) {
            rpc.execute(() -> {
                try {
                    Double b = manager.updateGlobalAggregate(AGGREGATE, load, new ControllerAggregate(config));
                    if (b != null) {
                        budget = b;
                    }
                } catch (Exception e) {
                    LOG.warn("budget controller unreachable, keeping budget {}: {}", budget, e.toString());
                } finally {
                    inFlight.set(false);
                }
            });
        }
        return budget;
    }

    @Override
    public void close() {
        if (rpc != null) {
            rpc.shutdownNow();
        }
    }

    @Override
    public double current() {
        return budget;
    }
}
