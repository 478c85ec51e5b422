package dev.acmstream.job.live;

import dev.acmstream.job.events.TranscriptEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Hands the job's transcript events to the {@link LiveHub} of the same JVM. */
public final class LiveHubSink implements Sink<TranscriptEvent> {
    private static final long serialVersionUID = 1L;
    private final String hubId;

    public LiveHubSink(String hubId) {
        this.hubId = hubId;
    }

    @Override
    public SinkWriter<TranscriptEvent> createWriter(WriterInitContext context) {
        LiveHub hub = LiveHub.get(hubId);
        return new SinkWriter<>() {
            @Override
            public void write(TranscriptEvent e, Context ctx) {
                hub.deliver(e);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
