package dev.acmstream.job.io;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How the job reaches Kafka: bootstrap servers, topics, and any client property passed through
 * ({@code --kafka-property k=v} or a properties file), so TLS and SASL clusters work.
 *
 * @param transactionTimeoutMs must exceed checkpoint interval plus recovery time and stay under
 *     the broker's {@code transaction.max.timeout.ms} (15 minutes by default)
 */
public record KafkaSettings(String bootstrapServers, String inputTopic, String outputTopic, String partialsTopic,
                            String deadLetterTopic, String groupId, String transactionalIdPrefix, long transactionTimeoutMs,
                            Map<String, String> properties) implements Serializable {

    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(new TreeMap<>(properties));
        return p;
    }
}
