package dev.acmstream.job.pipeline;

import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.events.TranscriptEvent;
import org.apache.flink.api.common.typeinfo.Types;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.RawRecordDeserializer;
import dev.acmstream.job.io.TranscriptSinks;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job with Kafka on both ends: AudioChunk records in; finals, partials and dead letters out. */
public final class KafkaTranscriptionJob {
    private KafkaTranscriptionJob() {
    }

    /**
     * @param offsets where a new job starts reading
     * @param stopAtLatest stop at the offsets that are latest when the job starts (a bounded run), instead of running forever
     * @param tap applied to the event stream before the sinks (identity in production; tests inject failures here)
     */
    public static void wire(StreamExecutionEnvironment env, KafkaSettings k, TranscriptionJob.Settings s, OffsetsInitializer offsets,
                            boolean stopAtLatest, UnaryOperator<DataStream<TranscriptEvent>> tap) {
        KafkaSourceBuilder<RawRecord> b = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(k.inputTopic())
                .setGroupId(k.groupId())
                .setProperties(k.clientProperties())
                .setStartingOffsets(offsets)
                .setDeserializer(new RawRecordDeserializer());
        if (stopAtLatest) {
            b.setBounded(OffsetsInitializer.latest());
        }
        DataStream<RawRecord> raw = env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "kafka " + k.inputTopic())
                .uid("kafka-source");
        TranscriptionJob.Outputs out = TranscriptionJob.build(raw, s);
        DataStream<TranscriptEvent> events = tap.apply(out.events());
        // Finals and end markers share the exactly-once topic, so "end" follows the stream's last final.
        events.filter(e -> !e.isPartial()).name("finals").uid("finals")
                .sinkTo(TranscriptSinks.finals(k)).name("kafka finals (exactly-once)").uid("finals-sink");
        events.filter(TranscriptEvent::isPartial).name("partials").uid("partials")
                .sinkTo(TranscriptSinks.partials(k)).name("kafka partials (at-least-once)").uid("partials-sink");
        out.deadLetters().sinkTo(TranscriptSinks.deadLetters(k)).name("kafka dead letters").uid("dead-letter-sink");
    }

    /**
     * Outputs besides Kafka, as a tap for {@link #wire}: final and end events as JSON lines in part
     * files under {@code jsonlDir} (committed at checkpoints, so exactly-once like the finals
     * topic), and every event as a JSON line on the TaskManagers' stdout.
     *
     * @param jsonlDir a directory URI or path, or null for none
     */
    public static UnaryOperator<DataStream<TranscriptEvent>> alsoTo(String jsonlDir, boolean print) {
        return events -> {
            if (jsonlDir != null) {
                events.filter(e -> !e.isPartial()).name("finals (file)").uid("finals-file")
                        .map(TranscriptEvent::toJson).returns(Types.STRING).name("finals to JSON").uid("finals-json")
                        .sinkTo(TranscriptSinks.jsonLines(jsonlDir)).name("JSON lines").uid("jsonl-sink");
            }
            if (print) {
                events.map(TranscriptEvent::toJson).returns(Types.STRING).name("events to JSON").uid("events-json")
                        .print().name("stdout").uid("stdout-sink");
            }
            return events;
        };
    }
}
