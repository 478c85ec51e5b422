package dev.acmstream.job.cli;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.events.DeadLetter;
import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.io.AudioFileSource;
import dev.acmstream.job.io.LocalEventCollector;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import dev.acmstream.job.io.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code acm-stream transcribe}: the Flink job on a local embedded Flink, over files. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Transcribe audio files with the streaming Flink job on a local embedded Flink.",
            "Each file is a stream; each channel of a multi-channel file is its own stream (path#ch0, path#ch1)",
            "with a role (ch0 agent, ch1 customer). Prints final segments as text or JSON lines."})
public final class TranscribeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV files (any rate, PCM/float/mu-law/A-law, any channels), or .raw s16le")
    List<Path> files;

    @Option(names = "--budget", defaultValue = "1.0", description = "ACM compute budget in [0.2, 1] (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--format", defaultValue = "text", description = "text or jsonl (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "chunk length the files are cut into (default: ${DEFAULT-VALUE})")
    int chunkMs;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--first-channel-role", defaultValue = "agent", description = "role of ch0 in stereo files: agent or customer")
    String firstChannelRole;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("jsonl")) {
            throw new BadInputException("--format must be text or jsonl, not " + format);
        }
        BudgetOptions.served("--budget", budget);
        double audioSeconds = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new java.nio.file.NoSuchFileException(f.toString());
            }
            // Decode up front so that a bad file is a one-line error, not a failed job.
            audioSeconds += new AudioFileDecoder().decode(f, 16000, 1).durationSeconds();
        }
        Engines.configure(threads);
        Map<String, Path> ids = AudioFileSource.streamIds(files);
        TranscriptionJob.Settings settings = new TranscriptionJob.Settings(model.settings(), BudgetSource.fixed(budget),
                AudioChunkWireFormat.DEFAULT_MAX_PAYLOAD * 16, 8, ChannelRole.parse(firstChannelRole));

        StreamExecutionEnvironment env = LocalFlink.environment(parallelism);
        DataStream<RawRecord> raw = env.fromSource(AudioFileSource.of(ids, chunkMs), WatermarkStrategy.noWatermarks(), "audio files");
        TranscriptionJob.Outputs out = TranscriptionJob.build(raw, settings);
        out.deadLetters().map(d -> "dead letter: " + d).name("dead letters").print().setParallelism(1);

        PrintWriter w = spec.commandLine().getOut();
        List<TranscriptEvent> finals = new ArrayList<>();
        long t0 = System.nanoTime();
        for (TranscriptEvent e : LocalEventCollector.run(env, out.events(), "acm-stream transcribe")) {
            if (e.isFinal()) {
                finals.add(e);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        finals.sort(Comparator.comparing((TranscriptEvent e) -> e.stream).thenComparingDouble(e -> e.start));
        for (TranscriptEvent e : finals) {
            String parent = e.stream.contains("#") ? e.stream.substring(0, e.stream.indexOf('#')) : e.stream;
            String suffix = e.stream.contains("#") ? e.stream.substring(e.stream.indexOf('#')) : "";
            e.stream = ids.getOrDefault(parent, Path.of(parent)) + suffix;
            if (format.equals("jsonl")) {
                w.println(e.toJson());
            } else {
                w.printf(Locale.ROOT, "%s [%s-%s]%s %s%n", e.stream, clock(e.start), clock(e.end),
                        e.role == null ? "" : " (" + e.role + ")", e.text);
            }
        }
        w.flush();
        spec.commandLine().getErr().printf(Locale.ROOT, "transcribed %.1f s of audio in %.1f s (%.3f x real time, Flink start-up included)%n",
                audioSeconds, wall, wall / Math.max(1e-9, audioSeconds));
        return 0;
    }

    private static String clock(double s) {
        return String.format(Locale.ROOT, "%02d:%05.2f", (int) (s / 60), s % 60);
    }
}
