package dev.acmstream.job.loadtest;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.io.SpeechPool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a {@link LoadSchedule} into Kafka in real time: every {@code chunkMs} each active stream
 * sends its next chunk of 8 kHz μ-law speech, with the capture time its schedule gives. When the
 * schedule asks for fewer streams, the newest ones end with an end-of-stream chunk.
 */
final class RealTimeProducer implements Runnable {
    private final String bootstrap;
    private final String topic;
    private final LoadSchedule schedule;
    private final SpeechPool pool;
    private final String prefix;
    private final int chunkMs;
    private final long startMs;
    private volatile long produced;
    private volatile boolean done;

    RealTimeProducer(String bootstrap, String topic, LoadSchedule schedule, SpeechPool pool, String prefix, int chunkMs, long startMs) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.schedule = schedule;
        this.pool = pool;
        this.prefix = prefix;
        this.chunkMs = chunkMs;
        this.startMs = startMs;
    }

    long produced() {
        return produced;
    }

    boolean done() {
        return done;
    }

    private record Active(String id, int voice, long firstTick) {
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        AudioChunkWireFormat wire = new AudioChunkWireFormat();
        int samples = SpeechPool.RATE * chunkMs / 1000;
        Deque<Active> active = new ArrayDeque<>();
        int nextId = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long tick = 0; ; tick++) {
                double t = tick * chunkMs / 1000.0;
                long due = startMs + tick * chunkMs;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                int want = t >= schedule.duration() ? 0 : schedule.streamsAt(t);
                while (active.size() < want) {
                    active.addLast(new Active(prefix + nextId, nextId, tick));
                    nextId++;
                }
                while (active.size() > want) {
                    Active a = active.removeLast();
                    send(producer, wire, a, tick, samples, true);
                }
                if (active.isEmpty() && t >= schedule.duration()) {
                    break;
                }
                for (Active a : active) {
                    send(producer, wire, a, tick, samples, false);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, AudioChunkWireFormat wire, Active a, long tick, int samples, boolean last) {
        long k = tick - a.firstTick();
        AudioChunk c = new AudioChunk(a.id(), k, startMs + tick * chunkMs, SpeechPool.RATE, 1, SampleEncoding.MULAW, last,
                pool.chunk(a.voice(), k, samples));
        producer.send(new ProducerRecord<>(topic, a.id().getBytes(StandardCharsets.UTF_8), wire.encode(c)));
        produced++;
    }
}
