package dev.acmstream.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Kafka connection options shared by run, produce and loadtest. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "any Kafka client property, repeatable (e.g. security.protocol=SASL_SSL)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE", description = "a properties file of Kafka client settings")
    Path propertiesFile;

    /** The file's properties, overridden by the --kafka-property ones. */
    Map<String, String> clientProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + propertiesFile + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                out.put(k, p.getProperty(k));
            }
        }
        out.putAll(properties);
        return out;
    }
}
