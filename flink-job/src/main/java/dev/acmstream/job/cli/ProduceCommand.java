package dev.acmstream.job.cli;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.io.AudioFileSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code acm-stream produce}: audio files into a topic as AudioChunk records. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send audio files into a Kafka topic as AudioChunk records keyed by stream id, one stream per file,",
            "the files interleaved as concurrent calls; in real time (--realtime) or as fast as possible."})
public final class ProduceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, description = "input topic of the job")
    String topic;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "chunk length (default: ${DEFAULT-VALUE})")
    int chunkMs;

    @Option(names = "--realtime", description = "pace chunks at the speed of speech")
    boolean realtime;

    @Option(names = "--prefix", defaultValue = "", description = "prefix for the stream ids")
    String prefix;

    @Override
    public Integer call() throws Exception {
        Map<String, Path> ids = AudioFileSource.streamIds(files);
        List<List<AudioChunk>> streams = new ArrayList<>();
        long start = System.currentTimeMillis();
        for (Map.Entry<String, Path> e : ids.entrySet()) {
            streams.add(chunks(prefix + e.getKey(), new AudioFileDecoder().decode(e.getValue(), 16000, 1), chunkMs, start));
        }
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AudioChunkWireFormat wire = new AudioChunkWireFormat(Integer.MAX_VALUE - 64);
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            int longest = streams.stream().mapToInt(List::size).max().orElse(0);
            for (int k = 0; k < longest; k++) {
                if (realtime) {
                    long due = start + (long) k * chunkMs;
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                for (List<AudioChunk> s : streams) {
                    if (k < s.size()) {
                        AudioChunk c = s.get(k);
                        producer.send(new ProducerRecord<>(topic, c.streamId().getBytes(StandardCharsets.UTF_8), wire.encode(c)));
                        sent++;
                    }
                }
            }
            producer.flush();
        }
        System.err.println("sent " + sent + " chunks of " + streams.size() + " streams to " + topic);
        return 0;
    }

    /** The file as chunks; capture times follow the real-time schedule from {@code startMs}. */
    static List<AudioChunk> chunks(String id, DecodedAudio a, int chunkMs, long startMs) {
        SampleEncoding enc = a.encoding() == SampleEncoding.MULAW || a.encoding() == SampleEncoding.ALAW ? a.encoding() : SampleEncoding.S16LE;
        int per = Math.max(1, a.sampleRate() * chunkMs / 1000);
        int n = Math.max(1, (a.frames() + per - 1) / per);
        List<AudioChunk> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int from = k * per;
            int to = Math.min(a.frames(), from + per);
            float[][] part = new float[a.channels()][];
            for (int c = 0; c < a.channels(); c++) {
                part[c] = java.util.Arrays.copyOfRange(a.samples()[c], from, to);
            }
            out.add(new AudioChunk(id, k, startMs + (long) k * chunkMs, a.sampleRate(), a.channels(), enc, k == n - 1,
                    enc.interleave(part)));
        }
        return out;
    }
}
