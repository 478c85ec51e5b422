package dev.acmstream.job.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.control.ControllerConfig;
import dev.acmstream.job.control.GlobalBudgetSource;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.render.TimelinePng;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load test behind {@code acm-stream loadtest}: capacity probes at budget 1 and b_min, then
 * the same real-time ramp through Kafka twice, once under the adaptive controller and once with
 * the budget pinned at 1.
 */
public final class LoadTestCommand {
    /** What the load test is told. */
    public record Options(RecognizerSettings recognizer, List<Path> speech, double lowSeconds, double rampSeconds,
                          double holdSeconds, double tailSeconds, Double s1, Double smin, int probeStreams, double probeSeconds, int probeRounds,
                          Path png, boolean probeOnly, double saturationSeconds) {
    }

    private LoadTestCommand() {
    }

    /** Runs everything and returns the JSON object the command prints. */
    public static Map<String, Object> run(Options o, PrintStream log) throws Exception {
        SpeechPool pool = SpeechPool.load(o.speech(), 300);
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            log.println("Kafka broker at " + kafka.bootstrapServers());
            // Interleaved and repeated, the best of each kept: the probes share two cores with the
            // broker and the front end, and interference only ever makes a probe slower.
            double s1 = o.s1() != null ? o.s1() : 0;
            double smin = o.smin() != null ? o.smin() : 0;
            for (int round = 0; round < o.probeRounds(); round++) {
                if (o.s1() == null) {
                    s1 = Math.max(s1, CapacityProbe.streamsAt("probe-b1-" + round, kafka, o.recognizer(), 1.0, pool,
                            o.probeStreams(), o.probeSeconds(), log));
                }
                if (o.smin() == null) {
                    smin = Math.max(smin, CapacityProbe.streamsAt("probe-bmin-" + round, kafka, o.recognizer(),
                            ControllerConfig.DEFAULT.minBudget(), pool, o.probeStreams(), o.probeSeconds(), log));
                }
            }
            double s1Backlog = s1;
            double sminBacklog = smin;
            if (o.saturationSeconds() > 0) {
                // The backlog probes time the recognizer's thread alone; the load runs share the
                // machine with the producer and the broker at real-time pace. Measure both
                // capacities in that regime, offering more streams than the estimate.
                log.printf(Locale.ROOT, "backlog estimates: S1 %.1f, Smin %.1f; now saturating the live job at each budget%n", s1, smin);
                if (o.s1() == null) {
                    s1 = saturate("sat-b1", kafka, o, 1.0, s1, pool, log);
                }
                if (o.smin() == null) {
                    smin = saturate("sat-bmin", kafka, o, ControllerConfig.DEFAULT.minBudget(), smin, pool, log);
                }
            }
            log.printf(Locale.ROOT, "S1 (budget 1.0): %.1f real-time streams%n", s1);
            log.printf(Locale.ROOT, "Smin (budget %.1f): %.1f real-time streams%n", ControllerConfig.DEFAULT.minBudget(), smin);
            if (!(s1 > 1 && smin > s1)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "capacity probes gave S1 = %.1f and Smin = %.1f; the load test needs Smin > S1 > 1", s1, smin));
            }
            if (o.probeOnly()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("s1", round(s1));
                out.put("smin", round(smin));
                out.put("s1Backlog", round(s1Backlog));
                out.put("sminBacklog", round(sminBacklog));
                return out;
            }
            LoadSchedule schedule = new LoadSchedule((int) Math.max(1, Math.floor(0.6 * s1)), (int) Math.round(0.9 * smin),
                    o.lowSeconds(), o.rampSeconds(), o.holdSeconds(), o.tailSeconds());
            log.printf(Locale.ROOT, "schedule: %d streams, ramp to %d over %.0f s, hold %.0f s, back to %d%n", schedule.low(),
                    schedule.peak(), o.rampSeconds(), o.holdSeconds(), schedule.low());
            // The pinned run goes first: the first run after the probes has been seen to do worse
            // than the second on this machine, and that must not count for the controller.
            log.println("fixed-budget run ...");
            LoadTestRun.Summary fixed = LoadTestRun.run("fixed", kafka, o.recognizer(), BudgetSource.fixed(1.0), schedule, pool, log);
            log.println("adaptive run ...");
            LoadTestRun.Summary adaptive = LoadTestRun.run("adaptive", kafka, o.recognizer(), new GlobalBudgetSource(ControllerConfig.DEFAULT),
                    schedule, pool, log);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("adaptive", summary(adaptive));
            out.put("fixed", summary(fixed));
            out.put("s1", round(s1));
            out.put("smin", round(smin));
            out.put("s1Backlog", round(s1Backlog));
            out.put("sminBacklog", round(sminBacklog));
            out.put("schedule", Map.of("low", schedule.low(), "peak", schedule.peak(), "lowSeconds", o.lowSeconds(),
                    "rampSeconds", o.rampSeconds(), "holdSeconds", o.holdSeconds(), "tailSeconds", o.tailSeconds()));
            if (o.png() != null) {
                plot(adaptive, fixed, schedule, o.png());
                log.println("timeline written to " + o.png());
            }
            return out;
        }
    }

    /** Saturated live capacity at a budget, offering 1.5 x the estimate, and 1.5 x more if that was kept up with. */
    private static double saturate(String name, EmbeddedKafka kafka, Options o, double budget, double estimate, SpeechPool pool,
                                   PrintStream log) throws Exception {
        int offered = (int) Math.ceil(1.5 * estimate);
        for (int attempt = 0; ; attempt++) {
            SaturationProbe.Result r = SaturationProbe.streamsAt(name + "-" + attempt, kafka, o.recognizer(), budget, pool, offered,
                    SATURATION_WARMUP_S, o.saturationSeconds(), log);
            if (r.saturated() || attempt == 1) {
                return r.streams();
            }
            offered = (int) Math.ceil(1.5 * offered);
        }
    }

    /** Seconds of a saturation probe before it starts counting: JIT, caches and the backlog's batch shape settle. */
    static final double SATURATION_WARMUP_S = 15;

    private static Map<String, Object> summary(LoadTestRun.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p95LagS", round(s.p95LagS()));
        m.put("maxLagS", round(s.maxLagS()));
        m.put("recoverS", Double.isNaN(s.recoverS()) ? null : round(s.recoverS()));
        m.put("lostChunks", s.lostChunks());
        m.put("lagAtHoldStartS", round(s.lagAtHoldStartS()));
        m.put("lagAtHoldEndS", round(s.lagAtHoldEndS()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String json(Map<String, Object> m) throws Exception {
        return new ObjectMapper().writeValueAsString(m);
    }

    private static void plot(LoadTestRun.Summary a, LoadTestRun.Summary f, LoadSchedule schedule, Path png) throws Exception {
        List<TimelinePng.Panel> panels = new ArrayList<>();
        panels.add(panel("offered load (real-time streams)", a, f, LoadTestRun.Point::offered));
        panels.add(panel("budget (target mean fraction of ACM learners)", a, f, LoadTestRun.Point::budget));
        panels.add(panel("lag p95 (s)", a, f, LoadTestRun.Point::lagP95S));
        panels.add(panel("throughput (audio s decoded per s)", a, f, LoadTestRun.Point::throughput));
        TimelinePng.write(panels, String.format(Locale.ROOT, "acm-stream load test: %d -> %d streams (blue adaptive, red budget pinned at 1.0)",
                schedule.low(), schedule.peak()), png);
    }

    private static TimelinePng.Panel panel(String title, LoadTestRun.Summary a, LoadTestRun.Summary f,
                                           java.util.function.ToDoubleFunction<LoadTestRun.Point> y) {
        return new TimelinePng.Panel(title, List.of("adaptive", "fixed 1.0"), List.of(xs(a), xs(f)), List.of(ys(a, y), ys(f, y)));
    }

    private static double[] xs(LoadTestRun.Summary s) {
        return s.timeline().stream().mapToDouble(LoadTestRun.Point::t).toArray();
    }

    private static double[] ys(LoadTestRun.Summary s, java.util.function.ToDoubleFunction<LoadTestRun.Point> y) {
        return s.timeline().stream().mapToDouble(y).toArray();
    }
}
