package dev.acmstream.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.RecognizerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream bench pipeline}. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"The whole job on a local embedded Flink with generated real-time 8 kHz mu-law streams.",
            "Finds the largest number of concurrent streams whose p95 final-result latency stays within --max-latency,",
            "at each budget (or measures --streams only), and reports partial latency and the real-time factor."})
public final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--streams", description = "measure this many streams only, instead of searching")
    Integer streams;

    @Option(names = "--budgets", defaultValue = "1,0.5", split = ",", description = "budgets (default: ${DEFAULT-VALUE})")
    double[] budgets;

    @Option(names = "--seconds", defaultValue = "20", description = "length of each stream (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--max-latency", defaultValue = "1.5", description = "p95 final latency bound, seconds (default: ${DEFAULT-VALUE})")
    double maxLatency;

    @Option(names = "--speech", defaultValue = "/usr/share/asterisk/sounds/en_US_f_Allison",
            description = "WAV files or a directory to generate speech from (default: ${DEFAULT-VALUE})")
    List<Path> speech;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Engines.configure(threads);
        RecognizerSettings settings = model.settings();
        SpeechPool pool = SpeechPool.load(speech, 200);
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double b : budgets) {
            PipelineRun.Result best;
            if (streams != null) {
                best = PipelineRun.run(settings, pool, streams, seconds, b);
            } else {
                best = search(settings, pool, b);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("budget", b);
            row.put(streams != null ? "streams" : "maxStreams", best == null ? 0 : best.streams());
            if (best != null) {
                row.put("finalP50Ms", best.finalP50Ms());
                row.put("finalP95Ms", best.finalP95Ms());
                row.put("partialP50Ms", best.partialP50Ms());
                row.put("partialP95Ms", best.partialP95Ms());
                row.put("rtf", best.wallSeconds() / best.audioSeconds() * best.streams());
            }
            rows.add(row);
            spec.commandLine().getErr().println("budget " + b + ": " + row);
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(Map.of("budgets", rows)));
        } else {
            out.printf(Locale.ROOT, "%-7s %8s %11s %11s %13s %13s%n", "budget", "streams", "final p50", "final p95", "partial p50", "partial p95");
            for (Map<String, Object> r : rows) {
                out.printf(Locale.ROOT, "%-7.2f %8s %10.0fms %10.0fms %12.0fms %12.0fms%n", r.get("budget"),
                        r.getOrDefault("maxStreams", r.get("streams")), r.getOrDefault("finalP50Ms", Double.NaN),
                        r.getOrDefault("finalP95Ms", Double.NaN), r.getOrDefault("partialP50Ms", Double.NaN),
                        r.getOrDefault("partialP95Ms", Double.NaN));
            }
        }
        return 0;
    }

    /** Doubles the streams until latency breaks the bound, then bisects between the last good and first bad. */
    private PipelineRun.Result search(RecognizerSettings settings, SpeechPool pool, double budget) throws Exception {
        PipelineRun.Result good = null;
        int lo = 0;
        int hi = -1;
        int n = 4;
        while (hi < 0) {
            PipelineRun.Result r = PipelineRun.run(settings, pool, n, seconds, budget);
            log(r);
            if (ok(r)) {
                good = r;
                lo = n;
                n *= 2;
            } else {
                hi = n;
            }
            if (n > 1024) {
                break;
            }
        }
        while (hi - lo > Math.max(1, lo / 8)) {
            int mid = (lo + hi) / 2;
            PipelineRun.Result r = PipelineRun.run(settings, pool, mid, seconds, budget);
            log(r);
            if (ok(r)) {
                good = r;
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return good;
    }

    private boolean ok(PipelineRun.Result r) {
        return r.finals() > 0 && r.finalP95Ms() <= maxLatency * 1000;
    }

    private void log(PipelineRun.Result r) {
        spec.commandLine().getErr().printf(Locale.ROOT, "  %d streams at budget %.2f: final p95 %.0f ms, partial p95 %.0f ms (%d finals)%n",
                r.streams(), r.budget(), r.finalP95Ms(), r.partialP95Ms(), r.finals());
    }
}
