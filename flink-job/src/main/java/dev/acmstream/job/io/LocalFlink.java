package dev.acmstream.job.io;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded Flink the CLI commands run on: types must have real serializers (no Kryo
 * fallback), and a failure ends the run with its error instead of restarting quietly.
 */
public final class LocalFlink {
    private LocalFlink() {
    }

    public static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // Recognizer state is about 1 MB per live stream: more than the JobManager's in-memory
        // checkpoint storage takes (5 MB), so checkpoints go to files.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory());
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    static String checkpointDirectory() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("acm-stream-checkpoints-");
            dir.toFile().deleteOnExit();
            return dir.toUri().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a checkpoint directory", e);
        }
    }
}
