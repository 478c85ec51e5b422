package dev.acmstream.job.loadtest;

import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.io.EmbeddedKafka;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.io.SpeechPool;
import dev.acmstream.job.pipeline.RecognizerSettings;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * How many real-time streams the job sustains at a fixed budget, measured the way the load test
 * then loads it: more real-time streams than it can keep up with, through Kafka, with the
 * producer, the broker and the front end sharing the machine, and the recognizer saturated.
 * After a warm-up (JIT, caches, the backlog reaching a steady batch shape), the audio the job
 * decodes per second of wall time is the number of real-time streams it sustains.
 *
 * <p>A stream's decoded position is read off its partial results: the wall time an event arrived
 * minus its lag is the capture time of the newest audio decoded. Finals are not used: the
 * exactly-once sink shows them only when their checkpoint commits, seconds later.
 */
final class SaturationProbe {
    /** The result: audio-seconds decoded per second, and whether the load was above it. */
    record Result(double streams, boolean saturated) {
    }

    private SaturationProbe() {
    }

    static Result streamsAt(String name, EmbeddedKafka kafka, RecognizerSettings recognizer, double budget, SpeechPool pool,
                            int offered, double warmupSeconds, double measureSeconds, PrintStream log) throws Exception {
        LoadTestRun.Started started = LoadTestRun.start(name, kafka, recognizer, BudgetSource.fixed(budget));
        JobClient job = started.job();
        KafkaSettings k = started.kafka();
        try {
            double total = warmupSeconds + measureSeconds;
            LoadSchedule constant = new LoadSchedule(offered, offered, 0, 0, total, 0);
            long start = System.currentTimeMillis();
            EventRecorder recorder = new EventRecorder(kafka.bootstrapServers(), List.of(k.partialsTopic()), start);
            RealTimeProducer producer = new RealTimeProducer(kafka.bootstrapServers(), k.inputTopic(), constant, pool, name + "-s", 100, start);
            Thread rt = new Thread(recorder, name + "-recorder");
            Thread pt = new Thread(producer, name + "-producer");
            rt.start();
            pt.start();
            Thread.sleep((long) (total * 1000) + 1500);
            recorder.stop();
            rt.join();
            pt.interrupt();
            pt.join();
            double decoded = decodedPerSecond(recorder.samples(), warmupSeconds, total);
            boolean saturated = decoded < 0.9 * offered;
            log.printf(Locale.ROOT, "  saturation probe at budget %.2f: %d real-time streams offered, %.1f decoded per second over %.0f s "
                    + "after %.0f s%s%n", budget, offered, decoded, measureSeconds, warmupSeconds, saturated ? "" : " (kept up: not saturated)");
            return new Result(decoded, saturated);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Audio-seconds decoded per second between {@code from} and {@code to} (seconds since the
     * start), summed over streams: each stream's progress is its newest decoded capture time
     * ({@code atMs − lagMs}) at the window's end minus that at its start.
     */
    static double decodedPerSecond(List<EventRecorder.Sample> samples, double from, double to) {
        Map<String, Long> atStart = new HashMap<>();
        Map<String, Long> atEnd = new HashMap<>();
        for (EventRecorder.Sample s : samples) {
            if (!s.partial()) {
                continue;
            }
            long decodedUpTo = s.atMs() - s.lagMs();
            if (s.atMs() <= from * 1000) {
                atStart.merge(s.stream(), decodedUpTo, Math::max);
            } else if (s.atMs() <= to * 1000) {
                atEnd.merge(s.stream(), decodedUpTo, Math::max);
            }
        }
        double sum = 0;
        for (Map.Entry<String, Long> e : atEnd.entrySet()) {
            Long before = atStart.get(e.getKey());
            if (before != null && e.getValue() > before) {
                sum += (e.getValue() - before) / 1000.0;
            }
        }
        return sum / (to - from);
    }
}
