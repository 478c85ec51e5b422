package dev.acmstream.asr.recognizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import dev.acmstream.audio.decode.DecodedAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecognizerTest {
    @TempDir
    static Path dir;
    static RecognizerConfig config;

    @BeforeAll
    static void model() throws Exception {
        TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 9);
        config = new RecognizerConfig(dir.resolve("acm"), null, DecoderConfig.NO_LM, new EndpointConfig(2.4, 0.8, 6.0));
    }

    static float[] audio(long seed, int seconds) {
        Random r = new Random(seed);
        float[] x = new float[16000 * seconds];
        for (int i = 0; i < x.length; i++) {
            double env = Math.sin(Math.PI * (i % 32000) / 32000.0);
            x[i] = (float) (0.2 * env * r.nextGaussian());
        }
        return x;
    }

    /** Runs streams through one recognizer, feeding each in chunks of the given size. */
    static List<List<Segment>> run(Recognizer rec, List<float[]> audios, int chunkSamples, double budget) {
        List<RecognizerStream> streams = new ArrayList<>();
        List<AudioFrontEnd> fronts = new ArrayList<>();
        for (int i = 0; i < audios.size(); i++) {
            streams.add(rec.createStream("s" + i));
            fronts.add(new AudioFrontEnd(16000));
        }
        int longest = audios.stream().mapToInt(a -> a.length).max().orElse(0);
        for (int p = 0; p < longest; p += chunkSamples) {
            for (int i = 0; i < audios.size(); i++) {
                float[] a = audios.get(i);
                if (p < a.length) {
                    streams.get(i).acceptFeatures(fronts.get(i).accept(java.util.Arrays.copyOfRange(a, p, Math.min(a.length, p + chunkSamples))));
                    if (p + chunkSamples >= a.length) {
                        streams.get(i).acceptFeatures(fronts.get(i).finish());
                        streams.get(i).inputFinished();
                    }
                }
            }
            rec.decode(streams, budget);
        }
        while (streams.stream().anyMatch(RecognizerStream::isReady)) {
            rec.decode(streams, budget);
        }
        List<List<Segment>> out = new ArrayList<>();
        for (RecognizerStream s : streams) {
            assertThat(s.isClosed()).isTrue();
            out.add(s.drainFinals());
        }
        return out;
    }

    @Test
    void batchingAndChunkingDoNotChangeAnyStreamsSegments() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            List<float[]> audios = List.of(audio(1, 9), audio(2, 5), audio(3, 7));
            List<List<Segment>> together = run(rec, audios, 320, 0.5);
            for (int i = 0; i < audios.size(); i++) {
                List<Segment> alone = run(rec, List.of(audios.get(i)), 2900, 0.5).get(0);
                assertThat(texts(alone)).isEqualTo(texts(together.get(i)));
                assertThat(alone).extracting(Segment::startSample).isEqualTo(together.get(i).stream().map(Segment::startSample).toList());
            }
            assertThat(together.get(0)).isNotEmpty();
        }
    }

    @Test
    void catchingUpSeveralChunksPerCallGivesTheSameSegments() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            float[] a = audio(7, 12);
            List<List<Segment>> results = new ArrayList<>();
            for (int maxChunks : new int[] {1, 3, 8}) {
                RecognizerStream s = rec.createStream("x");
                AudioFrontEnd fe = new AudioFrontEnd(16000);
                s.acceptFeatures(fe.accept(a));
                s.acceptFeatures(fe.finish());
                s.inputFinished();
                try (var resident = rec.newResidentState()) {
                    while (s.isReady()) {
                        rec.decode(List.of(s), 0.7, resident, maxChunks);
                    }
                }
                results.add(s.drainFinals());
            }
            assertThat(texts(results.get(1))).isEqualTo(texts(results.get(0)));
            assertThat(texts(results.get(2))).isEqualTo(texts(results.get(0)));
            assertThat(results.get(2)).extracting(Segment::startSample)
                    .isEqualTo(results.get(0).stream().map(Segment::startSample).toList());
        }
    }

    @Test
    void aStreamWrittenToStateMidCallAndReadBackEndsAsTheUninterruptedOneDoes() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            float[] a = audio(5, 10);
            List<Segment> straight = run(rec, List.of(a), 1600, 0.6).get(0);

            RecognizerStream s = rec.createStream("s0");
            AudioFrontEnd fe = new AudioFrontEnd(16000);
            int half = 16000 * 4 + 1234; // mid-chunk, mid-segment: pending frames and a live beam
            s.acceptFeatures(fe.accept(java.util.Arrays.copyOfRange(a, 0, half)));
            try (var resident = rec.newResidentState()) {
                while (s.isReady()) {
                    rec.decode(List.of(s), 0.6, resident, 8);
                }
            }
            List<Segment> before = s.drainFinals();
            byte[] state = RecognizerStreamCodec.encode(s);
            RecognizerStream restored = RecognizerStreamCodec.decode(state, rec);
            restored.acceptFeatures(fe.accept(java.util.Arrays.copyOfRange(a, half, a.length)));
            restored.acceptFeatures(fe.finish());
            restored.inputFinished();
            while (restored.isReady()) {
                rec.decode(List.of(restored), 0.6);
            }
            List<Segment> resumed = new ArrayList<>(before);
            resumed.addAll(restored.drainFinals());
            assertThat(texts(resumed)).isEqualTo(texts(straight));
            assertThat(resumed).extracting(Segment::startSample).isEqualTo(straight.stream().map(Segment::startSample).toList());
        }
    }

    @Test
    void aStreamStateFromAnotherVersionIsRefused() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            byte[] state = RecognizerStreamCodec.encode(rec.createStream("x"));
            state[3] = 1; // version 1: deflated, keys cached unrotated
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecognizerStreamCodec.decode(state, rec))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("version 1");
        }
    }

    @Test
    void aLowerBudgetSpendsFewerLearnersAndMacs() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            DecodedAudio a = new DecodedAudio("t", "raw", dev.acmstream.audio.SampleEncoding.F32LE, 16000, new float[][] {audio(4, 8)});
            OfflineTranscriber t = new OfflineTranscriber(rec);
            List<Segment> full = t.transcribe(a, "x", 1.0);
            List<Segment> low = t.transcribe(a, "x", 0.3);
            double fullFrac = full.stream().mapToDouble(Segment::learnerFraction).average().orElse(0);
            double lowFrac = low.stream().mapToDouble(Segment::learnerFraction).average().orElse(0);
            assertThat(fullFrac).isEqualTo(1.0);
            // The tiny model is calibrated on other features, so only the direction is certain here;
            // BudgetCalibrationTest checks the accuracy on matched data.
            assertThat(lowFrac).isLessThan(0.6);
            assertThat(low.stream().mapToLong(Segment::encoderMacs).sum()).isLessThan(full.stream().mapToLong(Segment::encoderMacs).sum());
            assertThat(low).allSatisfy(s -> assertThat(s.budget()).isEqualTo(0.3));
        }
    }

    @Test
    void nativeMemoryDoesNotGrowWithDecodeCalls() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            List<float[]> audios = List.of(audio(5, 3));
            run(rec, audios, 1600, 0.6);
            int before = managedArrays(rec);
            for (int i = 0; i < 5; i++) {
                run(rec, audios, 1600, 0.6);
            }
            assertThat(managedArrays(rec)).isEqualTo(before);
        }
    }

    private static int managedArrays(Recognizer rec) throws Exception {
        java.lang.reflect.Field f = Recognizer.class.getDeclaredField("model");
        f.setAccessible(true);
        var loaded = (dev.acmstream.asr.model.ModelDirectory.Loaded) f.get(rec);
        return ((BaseNDManager) loaded.manager()).getManagedArrays().size();
    }

    private static List<String> texts(List<Segment> s) {
        return s.stream().map(Segment::text).toList();
    }

    @Test
    void replayingRecordedPosteriorsGivesTheSameSegmentsWithoutTheEncoder() throws Exception {
        try (Recognizer rec = Recognizer.load(config)) {
            OfflineTranscriber t = new OfflineTranscriber(rec).recordingPosteriors();
            DecodedAudio a = new DecodedAudio("noise", "test", dev.acmstream.audio.SampleEncoding.F32LE, 16000,
                    new float[][] {audio(21, 9)});
            List<Segment> direct = t.transcribe(a, "utt", 0.5);
            List<RecognizerStream.Posteriors> recorded = t.lastPosteriors().get(0);
            assertThat(recorded).isNotEmpty();
            assertThat(direct).isNotEmpty();
            assertThat(rec.replay("utt", recorded, config.decoder())).isEqualTo(direct);
            // Other settings decode the same outputs; a wider beam finds a path at least as likely.
            assertThat(rec.replay("utt", recorded, config.decoder().withBeam(16))).isNotEmpty();
        }
    }
}
