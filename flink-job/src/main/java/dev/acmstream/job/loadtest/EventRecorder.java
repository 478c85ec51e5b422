package dev.acmstream.job.loadtest;

import dev.acmstream.job.events.TranscriptEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the job's output and partial topics as they arrive and keeps what the timeline needs. */
final class EventRecorder implements Runnable {
    /**
     * One event: when it arrived (ms since the run started), its budget, lag and stream progress,
     * and whether it is a partial (at-least-once, visible at once; finals are visible only when
     * their checkpoint commits).
     */
    record Sample(long atMs, double budget, long lagMs, String stream, double end, double learners, boolean partial) {
    }

    private final String bootstrap;
    private final List<String> topics;
    private final long startMs;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean stop;

    EventRecorder(String bootstrap, List<String> topics, long startMs) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.startMs = startMs;
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "loadtest-recorder-" + startMs);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(topics);
            while (!stop) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TranscriptEvent e = TranscriptEvent.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                    if (e.isEnd()) {
                        continue;
                    }
                    synchronized (this) {
                        samples.add(new Sample(System.currentTimeMillis() - startMs, e.budget, e.lagMs == null ? 0 : e.lagMs, e.stream,
                                e.end, e.learnerFraction, TranscriptEvent.PARTIAL.equals(e.type)));
                    }
                }
            }
        }
    }
}
