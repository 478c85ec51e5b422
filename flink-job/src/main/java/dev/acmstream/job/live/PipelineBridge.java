package dev.acmstream.job.live;

import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.job.events.TranscriptEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How the gateway reaches the transcription job: audio chunks go in, and the job's events come
 * back to whichever live stream they belong to. {@link InProcessBridge} runs the job embedded in
 * the gateway's JVM; {@link KafkaBridge} talks to a job on a cluster through its topics.
 */
public abstract class PipelineBridge implements AutoCloseable {
    private final Map<String, Consumer<TranscriptEvent>> listeners = new ConcurrentHashMap<>();

    /** Hands a chunk to the job; false if the job cannot take it now (it is not keeping up or is gone). */
    public abstract boolean send(AudioChunk chunk);

    /** A line for the log and the page: where audio goes. */
    public abstract String describe();

    /** Events of {@code streamId} and its channels ({@code streamId#ch0}, ...) go to {@code l} until unsubscribed. */
    public void subscribe(String streamId, Consumer<TranscriptEvent> l) {
        listeners.put(streamId, l);
    }

    public void unsubscribe(String streamId) {
        listeners.remove(streamId);
    }

    /** Routes one event of the job to its stream's listener; events of streams nobody listens to are dropped. */
    protected void route(TranscriptEvent e) {
        if (e.stream == null) {
            return;
        }
        int hash = e.stream.indexOf('#');
        Consumer<TranscriptEvent> l = listeners.get(hash < 0 ? e.stream : e.stream.substring(0, hash));
        if (l != null) {
            l.accept(e);
        }
    }
}
