package dev.acmstream.job.io;

import dev.acmstream.job.events.DeadLetter;
import dev.acmstream.job.events.TranscriptEvent;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.fs.Path;

/** The job's sinks: Kafka (exactly-once finals, at-least-once partials and dead letters), JSON-lines files. */
public final class TranscriptSinks {
    private TranscriptSinks() {
    }

    /** Finals, exactly-once through Kafka transactions (visible to read_committed consumers at checkpoint). */
    public static KafkaSink<TranscriptEvent> finals(KafkaSettings k) {
        return KafkaSink.<TranscriptEvent>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(k.clientProperties())
                .setProperty("transaction.timeout.ms", String.valueOf(k.transactionTimeoutMs()))
                .setRecordSerializer(KafkaRecordSerializationSchema.<TranscriptEvent>builder()
                        .setTopic(k.outputTopic())
                        .setKeySerializationSchema(new EventSchemas.StreamKey())
                        .setValueSerializationSchema(new EventSchemas.EventJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(k.transactionalIdPrefix())
                .build();
    }

    /** Partials, at-least-once, so that they are not held back until a checkpoint commits. */
    public static KafkaSink<TranscriptEvent> partials(KafkaSettings k) {
        return KafkaSink.<TranscriptEvent>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(k.clientProperties())
                .setRecordSerializer(KafkaRecordSerializationSchema.<TranscriptEvent>builder()
                        .setTopic(k.partialsTopic())
                        .setKeySerializationSchema(new EventSchemas.StreamKey())
                        .setValueSerializationSchema(new EventSchemas.EventJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetters(KafkaSettings k) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(k.clientProperties())
                .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                        .setTopic(k.deadLetterTopic())
                        .setValueSerializationSchema(new EventSchemas.DeadLetterJsonSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** JSON lines into part files under {@code dir}, committed at checkpoints and at the end of bounded input. */
    public static FileSink<String> jsonLines(String dir) {
        return FileSink.forRowFormat(new Path(dir), new SimpleStringEncoder<String>("UTF-8")).build();
    }
}
