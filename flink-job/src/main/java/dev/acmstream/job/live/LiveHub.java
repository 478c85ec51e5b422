package dev.acmstream.job.live;

import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.events.TranscriptEvent;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-JVM channel between the gateway and a Flink job running embedded in the same process:
 * audio records go in through a bounded queue that {@link LiveHubSource} drains, and transcript
 * events come back through {@link LiveHubSink}. The source and sink find the hub by its id, so
 * they stay serializable.
 */
public final class LiveHub {
    private static final Map<String, LiveHub> HUBS = new ConcurrentHashMap<>();

    private final String id;
    private final int capacity;
    private final ArrayDeque<RawRecord> queue = new ArrayDeque<>();
    private CompletableFuture<Void> waiting;
    private boolean finished;
    private volatile Consumer<TranscriptEvent> listener = e -> { };

    private LiveHub(String id, int capacity) {
        this.id = id;
        this.capacity = capacity;
    }

    /** A new hub that holds at most {@code capacity} records not yet taken by the job. */
    public static LiveHub create(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        LiveHub h = new LiveHub(UUID.randomUUID().toString(), capacity);
        HUBS.put(h.id, h);
        return h;
    }

    static LiveHub get(String id) {
        LiveHub h = HUBS.get(id);
        if (h == null) {
            throw new IllegalStateException("no live hub " + id + " in this JVM: the in-process job must run in the gateway's JVM");
        }
        return h;
    }

    public String id() {
        return id;
    }

    /** Queues a record for the job; false when the queue is full (the job is not keeping up) or the hub is finished. */
    public boolean offer(RawRecord r) {
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (finished || queue.size() >= capacity) {
                return false;
            }
            queue.add(r);
            wake = waiting;
            waiting = null;
        }
        if (wake != null) {
            wake.complete(null);
        }
        return true;
    }

    synchronized RawRecord poll() {
        return queue.poll();
    }

    /** True once {@link #finish} was called and every queued record was taken. */
    synchronized boolean isDrained() {
        return finished && queue.isEmpty();
    }

    /** Completes when a record is queued or the hub finishes. */
    synchronized CompletableFuture<Void> available() {
        if (!queue.isEmpty() || finished) {
            return CompletableFuture.completedFuture(null);
        }
        if (waiting == null) {
            waiting = new CompletableFuture<>();
        }
        return waiting;
    }

    /** No more audio: the source ends once the queue is drained, and the job finishes. */
    public void finish() {
        CompletableFuture<Void> wake;
        synchronized (this) {
            finished = true;
            wake = waiting;
            waiting = null;
        }
        if (wake != null) {
            wake.complete(null);
        }
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** Where the job's transcript events go. */
    public void onEvent(Consumer<TranscriptEvent> l) {
        this.listener = l;
    }

    void deliver(TranscriptEvent e) {
        listener.accept(e);
    }

    /** Forgets the hub; a job still attached to it fails. */
    public void release() {
        finish();
        HUBS.remove(id);
    }
}
