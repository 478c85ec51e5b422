package dev.acmstream.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.asr.recognizer.Segment;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.testing.TestAudio;
import dev.acmstream.job.testing.TestModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job against a real Kafka broker on loopback and a Flink MiniCluster. */
class KafkaPipelineTest {
    private static final double BUDGET = 0.6;
    /** Small enough that an oversized chunk still fits in a Kafka record. */
    private static final int MAX_PAYLOAD = 64 * 1024;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static EmbeddedKafka kafka;
    static List<Path> prompts;
    static Map<String, String> expected;
    static RecognizerSettings recognizer;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = new EmbeddedKafka();
        prompts = TestAudio.prompts(8);
        recognizer = RecognizerSettings.defaults(TestModel.dir().toString(), null);
        expected = new HashMap<>();
        try (Recognizer r = Recognizer.load(new RecognizerConfig(Path.of(recognizer.modelDir()), null, recognizer.decoder(),
                recognizer.endpoint()))) {
            OfflineTranscriber t = new OfflineTranscriber(r);
            for (int i = 0; i < prompts.size(); i++) {
                expected.put("p" + i, join(t.transcribe(TestAudio.decode(prompts.get(i)), "p" + i, BUDGET)));
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        kafka.close();
    }

    private static String join(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            if (!s.text().isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(s.text());
            }
        }
        return sb.toString();
    }

    /** The prompts as concurrent streams, cut into random 20-200 ms chunks and interleaved. */
    static List<AudioChunk> streams(String prefix, long seed) {
        Random r = new Random(seed);
        List<List<AudioChunk>> all = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            DecodedAudio a = TestAudio.decode(prompts.get(i));
            List<AudioChunk> chunks = new ArrayList<>();
            int pos = 0;
            long seq = 0;
            while (pos < a.frames()) {
                int len = Math.min(a.frames() - pos, a.sampleRate() * (20 + r.nextInt(181)) / 1000);
                float[] part = java.util.Arrays.copyOfRange(a.samples()[0], pos, pos + len);
                pos += len;
                chunks.add(new AudioChunk(prefix + i, seq++, 1_000_000 + pos / 8, a.sampleRate(), 1, SampleEncoding.S16LE,
                        pos >= a.frames(), SampleEncoding.S16LE.interleave(new float[][] {part})));
            }
            all.add(chunks);
        }
        List<AudioChunk> out = new ArrayList<>();
        for (int k = 0; all.stream().anyMatch(l -> !l.isEmpty()); k++) {
            for (List<AudioChunk> l : all) {
                if (!l.isEmpty()) {
                    out.add(l.remove(0));
                }
            }
        }
        return out;
    }

    static void produce(String topic, List<AudioChunk> chunks) {
        AudioChunkWireFormat wire = new AudioChunkWireFormat();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (AudioChunk c : chunks) {
            records.add(new ProducerRecord<>(topic, c.streamId().getBytes(StandardCharsets.UTF_8), wire.encode(c)));
        }
        kafka.sendAll(records); // a record the broker refused fails the test here, not as a wrong transcript later
    }

    static KafkaSettings settings(String name) {
        return new KafkaSettings(kafka.bootstrapServers(), name + "-in", name + "-out", name + "-partials", name + "-dead",
                name + "-group", name + "-tx-" + System.nanoTime(), 120_000, Map.of());
    }

    static StreamExecutionEnvironment env(boolean restarts) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (restarts) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(200));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        return env;
    }

    static TranscriptionJob.Settings jobSettings() {
        return new TranscriptionJob.Settings(recognizer, BudgetSource.fixed(BUDGET), MAX_PAYLOAD, 8, ChannelRole.AGENT);
    }

    /** Final events per stream, in segment order, read with read_committed. */
    static Map<String, List<TranscriptEvent>> finals(KafkaSettings k) {
        Map<String, List<TranscriptEvent>> out = new TreeMap<>();
        for (String json : kafka.readAll(k.outputTopic(), true)) {
            TranscriptEvent e = TranscriptEvent.fromJson(json);
            if (e.isFinal()) {
                out.computeIfAbsent(e.stream, x -> new ArrayList<>()).add(e);
            }
        }
        out.values().forEach(l -> l.sort((a, b) -> Double.compare(a.start, b.start)));
        return out;
    }

    static String text(List<TranscriptEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (TranscriptEvent e : events) {
            if (!e.text.isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(e.text);
            }
        }
        return sb.toString();
    }

    @Test
    void eightConcurrentStreamsGiveTheSameTextAsThePlainRecognizer(@org.junit.jupiter.api.io.TempDir Path jsonl) throws Exception {
        KafkaSettings k = settings("parity");
        kafka.createTopics(4, k.inputTopic(), k.outputTopic(), k.partialsTopic(), k.deadLetterTopic());
        produce(k.inputTopic(), streams("p", 1));
        StreamExecutionEnvironment env = env(false);
        KafkaTranscriptionJob.wire(env, k, jobSettings(), OffsetsInitializer.earliest(), true,
                KafkaTranscriptionJob.alsoTo(jsonl.toUri().toString(), false));
        env.execute("parity");
        // The JSON-lines sink holds exactly what the exactly-once topic holds.
        List<String> fileLines = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(jsonl)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                fileLines.addAll(java.nio.file.Files.readAllLines(f));
            }
        }
        assertThat(fileLines).containsExactlyInAnyOrderElementsOf(kafka.readAll(k.outputTopic(), true));
        Map<String, List<TranscriptEvent>> got = finals(k);
        for (int i = 0; i < prompts.size(); i++) {
            String id = "p" + i;
            assertThat(text(got.getOrDefault(id, List.of()))).as("stream %s (%s)", id, prompts.get(i).getFileName())
                    .isEqualTo(expected.get(id));
        }
        assertThat(got.values()).allSatisfy(l -> assertThat(l).allSatisfy(e -> {
            assertThat(e.budget).isEqualTo(BUDGET);
            assertThat(e.encoderMacs).isPositive();
            assertThat(e.lagMs).isNotNull();
        }));
        // Each stream ends with exactly one end event, after its last final (one key, one partition, in order).
        Map<String, List<String>> types = new TreeMap<>();
        for (String json : kafka.readAll(k.outputTopic(), true)) {
            TranscriptEvent e = TranscriptEvent.fromJson(json);
            types.computeIfAbsent(e.stream, x -> new ArrayList<>()).add(e.type);
            if (e.isEnd()) {
                List<TranscriptEvent> f = got.getOrDefault(e.stream, List.of());
                assertThat(e.end).isGreaterThanOrEqualTo(f.isEmpty() ? 0 : f.get(f.size() - 1).end);
            }
        }
        assertThat(types).hasSize(prompts.size());
        assertThat(types.values()).allSatisfy(l -> {
            assertThat(l).filteredOn(TranscriptEvent.END::equals).hasSize(1);
            assertThat(l.get(l.size() - 1)).isEqualTo(TranscriptEvent.END);
        });
    }

    @Test
    void badInputOfEveryKindBecomesADeadLetterAndTheGoodStreamsAreUntouched() throws Exception {
        KafkaSettings k = settings("dead-letters");
        kafka.createTopics(4, k.inputTopic(), k.outputTopic(), k.partialsTopic(), k.deadLetterTopic());
        List<AudioChunk> good = streams("p", 5);
        AudioChunkWireFormat wire = new AudioChunkWireFormat();
        Random r = new Random(9);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (AudioChunk c : good) {
            records.add(record(k, c.streamId(), wire.encode(c)));
        }
        byte[] garbage = new byte[64];
        r.nextBytes(garbage);
        records.add(30, record(k, "junk", garbage));
        byte[] v2 = wire.encode(good.get(0));
        v2[4] = 2;
        records.add(40, record(k, good.get(0).streamId(), v2));
        byte[] big = new byte[MAX_PAYLOAD + 2];
        records.add(50, record(k, "big", new AudioChunkWireFormat(Integer.MAX_VALUE - 64).encode(
                new AudioChunk("big", 0, 1, 8000, 1, SampleEncoding.S16LE, false, big))));
        // A duplicate of a chunk the good stream p0 already sent.
        AudioChunk p0first = good.stream().filter(c -> c.streamId().equals("p0")).findFirst().orElseThrow();
        records.add(records.size() / 2 + 20, record(k, "p0", wire.encode(p0first)));
        // A stream whose sample rate changes, and one whose key disagrees with its id.
        records.add(record(k, "x", wire.encode(new AudioChunk("x", 0, 1, 8000, 1, SampleEncoding.S16LE, false, new byte[1600]))));
        records.add(record(k, "x", wire.encode(new AudioChunk("x", 1, 2, 16000, 1, SampleEncoding.S16LE, true, new byte[3200]))));
        records.add(record(k, "p1", wire.encode(new AudioChunk("zzz", 0, 1, 8000, 1, SampleEncoding.S16LE, true, new byte[160]))));
        kafka.sendAll(records);
        StreamExecutionEnvironment env = env(false);
        KafkaTranscriptionJob.wire(env, k, jobSettings(), OffsetsInitializer.earliest(), true, e -> e);
        env.execute("dead letters"); // no restart strategy: any failure fails the test
        List<String> reasons = new ArrayList<>();
        for (String json : kafka.readAll(k.deadLetterTopic(), false)) {
            reasons.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("reason").asText());
        }
        assertThat(reasons).contains("WIRE_FORMAT", "UNKNOWN_VERSION", "OVERSIZED", "SEQUENCE", "FORMAT_CHANGE", "KEY_MISMATCH");
        Map<String, List<TranscriptEvent>> got = finals(k);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(text(got.getOrDefault("p" + i, List.of()))).isEqualTo(expected.get("p" + i));
        }
    }

    private static ProducerRecord<byte[], byte[]> record(KafkaSettings k, String key, byte[] value) {
        return new ProducerRecord<>(k.inputTopic(), key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Fails the job once, after a checkpoint completed, while the sink's transaction holds events. */
    static final class FailOnceAfterCheckpoint implements MapFunction<TranscriptEvent, TranscriptEvent>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger COMPLETED = new AtomicInteger();

        @Override
        public TranscriptEvent map(TranscriptEvent e) {
            if (e.isFinal() && COMPLETED.get() >= 1 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.incrementAndGet();
        }
    }

    @Test
    void aFailureAfterACheckpointLosesAndDuplicatesNothing() throws Exception {
        KafkaSettings k = settings("exactly-once");
        kafka.createTopics(4, k.inputTopic(), k.outputTopic(), k.partialsTopic(), k.deadLetterTopic());
        // Three times the streams, so that the job outlives its first checkpoint.
        List<AudioChunk> chunks = new ArrayList<>(streams("a", 2));
        chunks.addAll(streams("b", 3));
        chunks.addAll(streams("c", 4));
        produce(k.inputTopic(), chunks);
        StreamExecutionEnvironment env = env(true);
        KafkaTranscriptionJob.wire(env, k, jobSettings(), OffsetsInitializer.earliest(), true,
                events -> events.map(new FailOnceAfterCheckpoint()).name("failure injector"));
        env.execute("exactly-once");
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        List<String> segments = new ArrayList<>();
        for (String json : kafka.readAll(k.outputTopic(), true)) {
            segments.add(TranscriptEvent.fromJson(json).segment);
        }
        assertThat(segments).doesNotHaveDuplicates();
        Map<String, List<TranscriptEvent>> got = finals(k);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(text(got.getOrDefault("a" + i, List.of()))).isEqualTo(expected.get("p" + i));
            assertThat(text(got.getOrDefault("b" + i, List.of()))).isEqualTo(expected.get("p" + i));
            assertThat(text(got.getOrDefault("c" + i, List.of()))).isEqualTo(expected.get("p" + i));
        }
    }
}
