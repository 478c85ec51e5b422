package dev.acmstream.job.io;

import dev.acmstream.job.events.TranscriptEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Runs a bounded job on the local embedded Flink and returns its events. The events go through
 * Flink's file sink into a temporary directory, which the sink finalizes when the input ends;
 * collecting them over the client connection instead can lose the last ones when the embedded
 * cluster shuts down first.
 */
public final class LocalEventCollector {
    private LocalEventCollector() {
    }

    public static List<TranscriptEvent> run(StreamExecutionEnvironment env, DataStream<TranscriptEvent> events, String jobName)
            throws Exception {
        Path dir = Files.createTempDirectory("acm-stream-events-");
        try {
            events.map(TranscriptEvent::toJson).name("to JSON")
                    .sinkTo(FileSink.forRowFormat(new org.apache.flink.core.fs.Path(dir.toUri()), new SimpleStringEncoder<String>("UTF-8"))
                            .withBucketAssigner(new BasePathBucketAssigner<>()).build())
                    .name("events file");
            env.execute(jobName);
            List<TranscriptEvent> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            out.add(TranscriptEvent.fromJson(line));
                        }
                    }
                }
            }
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> w = Files.walk(p)) {
            for (Path f : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
