package dev.acmstream.job.io;

import dev.acmstream.job.events.DeadLetter;
import dev.acmstream.job.events.TranscriptEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Kafka serialization of the job's outputs (named classes: Flink cannot infer lambda types here). */
final class EventSchemas {
    private EventSchemas() {
    }

    /** Events keyed by stream id, so that one stream's events stay in one partition, in order. */
    static final class StreamKey implements SerializationSchema<TranscriptEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(TranscriptEvent e) {
            return e.stream.getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class EventJson implements SerializationSchema<TranscriptEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(TranscriptEvent e) {
            return e.toJson().getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class DeadLetterJsonSchema implements SerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(DeadLetter d) {
            return DeadLetterJson.bytes(d);
        }
    }
}
