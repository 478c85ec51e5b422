package dev.acmstream.job.cli;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.pipeline.KafkaTranscriptionJob;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code acm-stream run}: the job against Kafka, locally or (through {@code flink run}) on a cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the transcription job against Kafka: AudioChunk records in, transcript events out.",
            "Finals go to --output-topic exactly-once (Kafka transactions, visible at each checkpoint),",
            "partials to --partials-topic at-least-once, bad input to --dead-letter-topic with its reason.",
            "Started with java -jar it runs on a local embedded Flink; submitted with 'flink run' it runs on the cluster."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--input-topic", required = true, description = "topic of AudioChunk wire records, keyed by stream id")
    String inputTopic;

    @Option(names = "--output-topic", required = true, description = "topic for final transcript events (JSON)")
    String outputTopic;

    @Option(names = "--partials-topic", description = "topic for partial events (default: <output-topic>-partials)")
    String partialsTopic;

    @Option(names = "--dead-letter-topic", description = "topic for bad input (default: <input-topic>-dead-letters)")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "acm-stream", description = "consumer group (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--transactional-id-prefix", description = "Kafka transactional id prefix, unique per job (default: acm-stream-<output-topic>)")
    String transactionalIdPrefix;

    @Option(names = "--starting-offsets", defaultValue = "committed",
            description = "where a new job starts reading: earliest, latest or committed (default: ${DEFAULT-VALUE}, falling back to earliest)")
    String startingOffsets;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", description = "checkpoint interval, e.g. 10s or 500ms (default: ${DEFAULT-VALUE})")
    String checkpointInterval;

    @Option(names = "--checkpoint-dir", description = "checkpoint storage URI, e.g. file:///var/lib/acm-stream/checkpoints or s3://... "
            + "(default: the cluster's state.checkpoints.dir; a temporary directory when run locally)")
    String checkpointDir;

    @Option(names = "--parallelism", defaultValue = "1", description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--jsonl-dir", description = "also write final and end events as JSON lines to part files here (a path or URI; "
            + "committed at checkpoints)")
    String jsonlDir;

    @Option(names = "--print", description = "also print every event as a JSON line on stdout (of the TaskManagers, on a cluster)")
    boolean print;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads per TaskManager JVM (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--first-channel-role", defaultValue = "agent", description = "role of ch0 in stereo streams (default: ${DEFAULT-VALUE})")
    String firstChannelRole;

    @Option(names = "--max-payload", defaultValue = "1048576", description = "largest chunk payload accepted, bytes (default: ${DEFAULT-VALUE})")
    int maxPayload;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        Engines.configure(threads);
        KafkaSettings k = settings();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (checkpointDir == null && env instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment) {
            // Started with java -jar: an embedded Flink, whose in-memory checkpoint storage is too small for recognizer state.
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, java.nio.file.Files.createTempDirectory("acm-stream-checkpoints-").toUri().toString());
            env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        }
        env.setParallelism(parallelism);
        env.enableCheckpointing(parseDuration(checkpointInterval).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Under overload, aligned barriers would wait behind the backlog.
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        KafkaTranscriptionJob.wire(env, k, new TranscriptionJob.Settings(model.settings(), budget.source(), maxPayload, 8,
                ChannelRole.parse(firstChannelRole)), offsets(), false, KafkaTranscriptionJob.alsoTo(jsonlDir, print));
        env.execute("acm-stream " + inputTopic + " -> " + outputTopic);
        return 0;
    }

    KafkaSettings settings() {
        return new KafkaSettings(kafka.bootstrapServers, inputTopic, outputTopic,
                partialsTopic != null ? partialsTopic : outputTopic + "-partials",
                deadLetterTopic != null ? deadLetterTopic : inputTopic + "-dead-letters", groupId,
                transactionalIdPrefix != null ? transactionalIdPrefix : "acm-stream-" + outputTopic,
                Math.max(60_000, 6 * parseDuration(checkpointInterval).toMillis()), kafka.clientProperties());
    }

    /** Wires Kafka in, the job, and Kafka out. */
    OffsetsInitializer offsets() {
        return switch (startingOffsets) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new BadInputException("--starting-offsets must be earliest, latest or committed");
        };
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new BadInputException("not a duration: " + s + " (use e.g. 500ms, 10s, 2m)");
        }
    }
}
