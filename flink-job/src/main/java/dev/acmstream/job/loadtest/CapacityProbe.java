package dev.acmstream.job.loadtest;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.LocalFlink;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.KafkaTranscriptionJob;
import dev.acmstream.job.pipeline.RecognizerOperator;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How many real-time streams the recognizer sustains at a budget: the job, with the load test's
 * settings and checkpoints, works off a backlog of {@code streams} concurrent streams through
 * Kafka, and the recognizer's task thread counts its CPU time. Audio decoded per second of that
 * CPU is the number of real-time streams one recognizer keeps up with when it is saturated,
 * which is the regime an overloaded job is in: every stream has chunks waiting, so calls are full.
 *
 * <p>Dividing by the thread's CPU time rather than by wall time leaves out the Kafka source's
 * pace, start-up and whatever else the machine is doing.
 */
final class CapacityProbe {
    private CapacityProbe() {
    }

    static double streamsAt(String name, EmbeddedKafka kafka, RecognizerSettings recognizer, double budget, SpeechPool pool,
                            int streams, double seconds, PrintStream log) throws Exception {
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
        env.enableCheckpointing(LoadTestRun.CHECKPOINT_MS, CheckpointingMode.EXACTLY_ONCE);
        KafkaTranscriptionJob.wire(env, k, new TranscriptionJob.Settings(recognizer, BudgetSource.fixed(budget), 1 << 20, 8,
                ChannelRole.AGENT), OffsetsInitializer.earliest(), true, e -> e);
        long t0 = System.nanoTime();
        JobExecutionResult result = env.execute(name);
        double wall = (System.nanoTime() - t0) / 1e9;
        long tokens = ((Number) result.getAccumulatorResult(RecognizerOperator.TOKENS_ACCUMULATOR)).longValue();
        long cpuNs = ((Number) result.getAccumulatorResult(RecognizerOperator.TASK_CPU_ACCUMULATOR)).longValue();
        if (tokens == 0 || cpuNs == 0) {
            throw new IllegalStateException("the capacity probe at budget " + budget + " decoded nothing");
        }
        long encoderNs = ((Number) result.getAccumulatorResult(RecognizerOperator.ENCODER_NS_ACCUMULATOR)).longValue();
        long searchNs = ((Number) result.getAccumulatorResult(RecognizerOperator.SEARCH_NS_ACCUMULATOR)).longValue();
        double audio = tokens * 0.04;
        double capacity = audio / (cpuNs / 1e9);
        log.printf(Locale.ROOT, "  probe at budget %.2f: %d streams x %.0f s, %.0f s of audio decoded with %.1f s of recognizer CPU "
                + "in a %.0f s run: %.1f real-time streams; per audio-second %.2f ms of CPU, and %.2f ms of wall time in the encoder "
                + "and %.2f in the search (wall time includes preemption by the job's other threads)%n",
                budget, streams, seconds, audio, cpuNs / 1e9, wall, capacity, cpuNs / 1e6 / audio, encoderNs / 1e6 / audio,
                searchNs / 1e6 / audio);
        return capacity;
    }
}
