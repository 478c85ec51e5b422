package dev.acmstream.job.live;

import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.io.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in front of a transcription job that runs elsewhere: audio goes to the job's input
 * topic as {@code AudioChunk} records keyed by stream id, and one consumer reads the finals
 * topic ({@code read_committed}: a final arrives when the job's checkpoint commits it) and the
 * partials topic, from their ends, with a group of its own, so that every gateway instance sees
 * the events of its own streams.
 */
public final class KafkaBridge extends PipelineBridge {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBridge.class);

    private final KafkaSettings settings;
    private final AudioChunkWireFormat wire = new AudioChunkWireFormat();
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile boolean failed;

    public KafkaBridge(KafkaSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.putAll(settings.clientProperties());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "acm-stream-gateway-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(settings.outputTopic(), settings.partialsTopic()));
        this.reader = new Thread(this::readEvents, "gateway-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void readEvents() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        route(TranscriptEvent.fromJson(new String(r.value(), StandardCharsets.UTF_8)));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("skipping a record of {} that is not a transcript event: {}", r.topic(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("reading transcript events failed; the gateway cannot deliver transcripts", e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public boolean send(AudioChunk chunk) {
        if (failed) {
            return false;
        }
        producer.send(new ProducerRecord<>(settings.inputTopic(), chunk.streamId().getBytes(StandardCharsets.UTF_8), wire.encode(chunk)),
                (meta, err) -> {
                    if (err != null) {
                        LOG.warn("chunk {} of {} was not delivered: {}", chunk.sequence(), chunk.streamId(), err.getMessage());
                    }
                });
        return true;
    }

    @Override
    public String describe() {
        return "Kafka " + settings.bootstrapServers() + ": audio to " + settings.inputTopic() + ", events from "
                + settings.outputTopic() + " and " + settings.partialsTopic();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(5000);
        producer.close(Duration.ofSeconds(10));
    }
}
