package dev.acmstream.job.loadtest;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.FeatureExtractor;
import dev.acmstream.job.pipeline.KafkaTranscriptionJob;
import dev.acmstream.job.pipeline.RecognizerOperator;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import dev.acmstream.job.io.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One job of the load test: started, fed in real time through Kafka, drained, measured, cancelled. */
final class LoadTestRun {
    /** Checkpoint interval of the load-test jobs and probes: exactly-once, as in production. */
    static final long CHECKPOINT_MS = 5000;

    /** A second of the timeline. */
    record Point(double t, int offered, double budget, double lagP95S, double throughput, double learners) {
    }

    /**
     * @param p95LagS p95 lag of the events that arrived while the load was at its peak
     * @param maxLagS the largest lag seen
     * @param recoverS seconds after the overload until the budget was back to at least 0.9
     * @param lostChunks chunks sent but never processed
     */
    record Summary(double p95LagS, double maxLagS, double recoverS, long lostChunks, double lagAtHoldStartS, double lagAtHoldEndS,
                   List<Point> timeline) {
    }

    private LoadTestRun() {
    }

    /** A started load-test job and its topics. */
    record Started(JobClient job, KafkaSettings kafka) {
    }

    /**
     * Creates the job's topics and starts it, unbounded, with exactly-once checkpoints, and waits
     * until its recognizer has had time to load the model.
     */
    static Started start(String name, EmbeddedKafka kafka, RecognizerSettings recognizer, BudgetSource budget) throws Exception {
        KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), name + "-in", name + "-out", name + "-partials", name + "-dead",
                name, name + "-tx", 300_000, Map.of());
        kafka.createTopics(2, k.inputTopic(), k.outputTopic(), k.partialsTopic(), k.deadLetterTopic());
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        env.enableCheckpointing(CHECKPOINT_MS, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        KafkaTranscriptionJob.wire(env, k, new TranscriptionJob.Settings(recognizer, budget, 1 << 20, 8, ChannelRole.AGENT),
                OffsetsInitializer.earliest(), false, e -> e);
        JobClient job = env.executeAsync(name);
        waitRunning(job);
        Thread.sleep(5000); // the recognizer loads its model in open()
        return new Started(job, k);
    }

    static Summary run(String name, EmbeddedKafka kafka, RecognizerSettings recognizer, BudgetSource budget, LoadSchedule schedule,
                       SpeechPool pool, PrintStream log) throws Exception {
        Started started = start(name, kafka, recognizer, budget);
        JobClient job = started.job();
        KafkaSettings k = started.kafka();
        long start = System.currentTimeMillis();
        EventRecorder recorder = new EventRecorder(kafka.bootstrapServers(), List.of(k.outputTopic(), k.partialsTopic()), start);
        RealTimeProducer producer = new RealTimeProducer(kafka.bootstrapServers(), k.inputTopic(), schedule, pool, name + "-s", 100, start);
        Thread rt = new Thread(recorder, "recorder");
        Thread pt = new Thread(producer, "producer");
        rt.start();
        pt.start();
        while (pt.isAlive()) {
            pt.join(10_000);
            log.printf("  %s: %.0f s, %d chunks sent, %d processed%n", name, (System.currentTimeMillis() - start) / 1000.0,
                    producer.produced(), processed(job));
        }
        long deadline = System.currentTimeMillis() + 300_000;
        while (processed(job) < producer.produced() && System.currentTimeMillis() < deadline) {
            Thread.sleep(2000);
            log.printf("  %s: draining, %d of %d chunks processed%n", name, processed(job), producer.produced());
        }
        Thread.sleep(4000);
        long lost = producer.produced() - processed(job);
        recorder.stop();
        rt.join();
        job.cancel().get(60, TimeUnit.SECONDS);
        return summarize(recorder.samples(), schedule, lost);
    }

    static void waitRunning(JobClient job) throws Exception {
        for (int i = 0; i < 120; i++) {
            if (job.getJobStatus().get() == JobStatus.RUNNING) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the load-test job did not start");
    }

    static long processed(JobClient job) {
        return counter(job, FeatureExtractor.CHUNKS_ACCUMULATOR);
    }

    /** A running job's accumulator as last reported by its tasks (with their heartbeats), 0 if absent or unreachable. */
    static long counter(JobClient job, String name) {
        try {
            Object v = job.getAccumulators().get(10, TimeUnit.SECONDS).get(name);
            return v == null ? 0 : ((Number) v).longValue();
        } catch (Exception e) {
            return 0;
        }
    }

    static Summary summarize(List<EventRecorder.Sample> samples, LoadSchedule schedule, long lost) {
        double end = Math.max(schedule.duration(), samples.stream().mapToDouble(s -> s.atMs() / 1000.0).max().orElse(0));
        List<Point> timeline = new ArrayList<>();
        Map<String, Double> progress = new java.util.HashMap<>();
        double budget = 1.0;
        double learners = 1.0;
        int i = 0;
        List<Double> holdLags = new ArrayList<>();
        double maxLag = 0;
        for (int sec = 0; sec < Math.ceil(end); sec++) {
            List<Double> lags = new ArrayList<>();
            double advanced = 0;
            while (i < samples.size() && samples.get(i).atMs() < (sec + 1) * 1000L) {
                EventRecorder.Sample s = samples.get(i++);
                budget = s.budget();
                learners = s.learners();
                lags.add(s.lagMs() / 1000.0);
                maxLag = Math.max(maxLag, s.lagMs() / 1000.0);
                double before = progress.getOrDefault(s.stream(), 0.0);
                if (s.end() > before) {
                    advanced += s.end() - before;
                    progress.put(s.stream(), s.end());
                }
                if (schedule.inHold(s.atMs() / 1000.0)) {
                    holdLags.add(s.lagMs() / 1000.0);
                }
            }
            timeline.add(new Point(sec, schedule.streamsAt(sec), budget, percentile(lags, 0.95), advanced, learners));
        }
        double recover = Double.NaN;
        for (Point p : timeline) {
            if (p.t() >= schedule.overloadEnd() && p.budget() >= 0.9) {
                recover = p.t() - schedule.overloadEnd();
                break;
            }
        }
        double holdStart = schedule.lowSeconds() + schedule.rampSeconds();
        return new Summary(percentile(holdLags, 0.95), maxLag, recover, lost, lagNear(timeline, holdStart),
                lagNear(timeline, schedule.overloadEnd() - 1), timeline);
    }

    private static double lagNear(List<Point> timeline, double t) {
        for (Point p : timeline) {
            if (p.t() >= t && !Double.isNaN(p.lagP95S())) {
                return p.lagP95S();
            }
        }
        return Double.NaN;
    }

    static double percentile(List<Double> v, double q) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[Math.min(a.length - 1, (int) Math.floor(q * a.length))];
    }
}
