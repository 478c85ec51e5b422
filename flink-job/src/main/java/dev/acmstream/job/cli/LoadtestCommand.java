package dev.acmstream.job.cli;

import dev.acmstream.job.loadtest.LoadTestCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream loadtest}. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Overload the job through Kafka and watch the budget absorb it.",
            "First measures, in this run, the real-time streams that budget 1.0 sustains (S1) and that b_min sustains",
            "(Smin); then replays real-time 8 kHz speech streams through an in-process Kafka broker, ramping from",
            "0.6 x S1 to 0.9 x Smin, holding, and back; twice: with the adaptive controller, and with the budget pinned",
            "at 1.0. Prints the lag, recovery and lost chunks of both, and plots the timeline with --png."})
public final class LoadtestCommand implements Callable<Integer> {
    @Option(names = "--speech", defaultValue = "/usr/share/asterisk/sounds/en_US_f_Allison",
            description = "WAV files or a directory to make streams from (default: ${DEFAULT-VALUE})")
    List<Path> speech;

    @Option(names = "--low-seconds", defaultValue = "20", description = "seconds below S1 first (default: ${DEFAULT-VALUE})")
    double low;

    @Option(names = "--ramp-seconds", defaultValue = "30", description = "ramp length (default: ${DEFAULT-VALUE})")
    double ramp;

    @Option(names = "--hold-seconds", defaultValue = "60", description = "seconds at the peak (default: ${DEFAULT-VALUE})")
    double hold;

    @Option(names = "--tail-seconds", defaultValue = "50", description = "seconds back below S1 (default: ${DEFAULT-VALUE})")
    double tail;

    @Option(names = "--s1", description = "skip the probe and use this S1")
    Double s1;

    @Option(names = "--smin", description = "skip the probe and use this Smin")
    Double smin;

    @Option(names = "--probe-streams", defaultValue = "32",
            description = "concurrent streams in each capacity probe's backlog (default: ${DEFAULT-VALUE})")
    int probeStreams;

    @Option(names = "--probe-seconds", defaultValue = "20", description = "seconds of audio per stream in each probe's backlog (default: ${DEFAULT-VALUE})")
    double probeSeconds;

    @Option(names = "--probe-rounds", defaultValue = "1",
            description = "capacity probes per budget, interleaved; the best of each is kept (default: ${DEFAULT-VALUE})")
    int probeRounds;

    @Option(names = "--saturation-seconds", defaultValue = "25",
            description = {"after the backlog probes, measure S1 and Smin on the live job: offer 1.5 x the estimate in real time",
                "and count the audio decoded per second over this many seconds, after a 15 s warm-up; 0 keeps the backlog",
                "estimates (default: ${DEFAULT-VALUE})"})
    double saturationSeconds;

    @Option(names = "--probe-only", description = "measure S1 and Smin, print them and stop (no load runs)")
    boolean probeOnly;

    @Option(names = "--png", description = "write the timeline plot here")
    Path png;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (probeRounds < 1 || probeStreams < 1 || !(probeSeconds >= 5)) {
            throw new BadInputException("probes need --probe-rounds >= 1, --probe-streams >= 1 and --probe-seconds >= 5");
        }
        if (!(saturationSeconds == 0 || saturationSeconds >= 5)) {
            throw new BadInputException("--saturation-seconds must be 0 (off) or at least 5, got " + saturationSeconds);
        }
        if (!(low >= 0 && ramp >= 0 && hold > 0 && tail >= 0)) {
            throw new BadInputException("the schedule needs --hold-seconds > 0 and no negative --low/--ramp/--tail-seconds");
        }
        Engines.configure(threads);
        Map<String, Object> result = LoadTestCommand.run(new LoadTestCommand.Options(model.settings(), speech, low, ramp, hold, tail, s1,
                smin, probeStreams, probeSeconds, probeRounds, png, probeOnly, saturationSeconds), System.err);
        if (json) {
            spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result));
        } else {
            spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(result));
        }
        return 0;
    }
}
