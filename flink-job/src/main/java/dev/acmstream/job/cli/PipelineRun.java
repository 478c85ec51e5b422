package dev.acmstream.job.cli;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.io.LoadGeneratorSource;
import dev.acmstream.job.io.LocalEventCollector;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import dev.acmstream.job.io.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One run of the job on a local embedded Flink with generated real-time streams, and what it measured. */
final class PipelineRun {
    /**
     * @param streams concurrent streams
     * @param finalP50Ms median latency of final results (wall clock at emission minus capture time of the newest audio)
     * @param audioSeconds audio the streams carried
     * @param wallSeconds from the first event to the last
     */
    record Result(int streams, double budget, double finalP50Ms, double finalP95Ms, double partialP50Ms, double partialP95Ms,
                  int finals, double audioSeconds, double wallSeconds) {
    }

    private PipelineRun() {
    }

    static Result run(RecognizerSettings recognizer, SpeechPool pool, int streams, double seconds, double budget) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        DataStream<RawRecord> raw = env.fromSource(LoadGeneratorSource.create(pool, "load", streams, seconds, 100),
                WatermarkStrategy.noWatermarks(), "real-time generator");
        TranscriptionJob.Outputs out = TranscriptionJob.build(raw, new TranscriptionJob.Settings(recognizer, BudgetSource.fixed(budget),
                1 << 20, 8, ChannelRole.AGENT));
        List<Double> finals = new ArrayList<>();
        List<Double> partials = new ArrayList<>();
        long t0 = System.nanoTime();
        for (TranscriptEvent e : LocalEventCollector.run(env, out.events(), "acm-stream bench pipeline")) {
            if (e.lagMs != null && !e.isEnd()) {
                (e.isFinal() ? finals : partials).add((double) e.lagMs);
            }
        }
        return new Result(streams, budget, percentile(finals, 0.5), percentile(finals, 0.95), percentile(partials, 0.5),
                percentile(partials, 0.95), finals.size(), streams * seconds, (System.nanoTime() - t0) / 1e9);
    }

    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.floor(q * v.length))];
    }
}
