package dev.acmstream.job.loadtest;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.KafkaTranscriptionJob;
import dev.acmstream.job.pipeline.RecognizerOperator;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import dev.acmstream.job.io.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How many real-time streams the pipeline sustains at a budget: it gives the job a backlog of
 * {@code streams} concurrent streams of equal length through Kafka and measures the audio it
 * decodes per second between its first and last decode call. One second of audio per second is
 * one real-time stream.
 */
final class CapacityProbe {
    private CapacityProbe() {
    }

    static double streamsAt(String name, EmbeddedKafka kafka, RecognizerSettings recognizer, double budget, SpeechPool pool,
                            int streams, double seconds) throws Exception {
        KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), name + "-in", name + "-out", name + "-partials", name + "-dead",
                name, name + "-tx", 300_000, Map.of());
        kafka.createTopics(2, k.inputTopic(), k.outputTopic(), k.partialsTopic(), k.deadLetterTopic());
        AudioChunkWireFormat wire = new AudioChunkWireFormat();
        long now = System.currentTimeMillis();
        int chunks = (int) Math.round(seconds * 10);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            for (int s = 0; s < streams; s++) {
                AudioChunk chunk = new AudioChunk(name + "-" + s, c, now, SpeechPool.RATE, 1, SampleEncoding.MULAW, c == chunks - 1,
                        pool.chunk(s, c, SpeechPool.RATE / 10));
                records.add(new ProducerRecord<>(k.inputTopic(), chunk.streamId().getBytes(StandardCharsets.UTF_8), wire.encode(chunk)));
            }
        }
        kafka.sendAll(records);
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        env.enableCheckpointing(5000, CheckpointingMode.EXACTLY_ONCE);
        KafkaTranscriptionJob.wire(env, k, new TranscriptionJob.Settings(recognizer, BudgetSource.fixed(budget), 1 << 20, 8,
                ChannelRole.AGENT), OffsetsInitializer.earliest(), true, e -> e);
        // A bounded run over the backlog: tokens decoded over the time from the first decode to the last.
        var result = env.execute(name);
        long tokens = ((Number) result.getAccumulatorResult(RecognizerOperator.TOKENS_ACCUMULATOR)).longValue();
        long first = ((Number) result.getAccumulatorResult(RecognizerOperator.FIRST_DECODE_ACCUMULATOR)).longValue();
        long last = ((Number) result.getAccumulatorResult(RecognizerOperator.LAST_DECODE_ACCUMULATOR)).longValue();
        if (tokens == 0 || last <= first) {
            throw new IllegalStateException("the capacity probe decoded nothing");
        }
        return tokens * 0.04 / ((last - first) / 1000.0);
    }
}
