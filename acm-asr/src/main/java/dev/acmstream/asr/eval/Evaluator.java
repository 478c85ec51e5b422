package dev.acmstream.asr.eval;

import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerStream;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores a recognizer on a manifest: WER and CER over all words and characters, and the real
 * time factor of decoding (wall time of recognition over audio duration; reading files and
 * loading the model are not counted).
 */
public final class Evaluator {
    private final Recognizer recognizer;

    public Evaluator(Recognizer recognizer) {
        this.recognizer = recognizer;
    }

    /** The scores and, per utterance, reference and hypothesis. */
    public record Report(double wer, double cer, double rtf, int utterances, double audioSeconds, double learnerFraction,
                         long encoderMacs, double encoderSeconds, double searchSeconds, List<String[]> pairs) {
    }

    public Report evaluate(List<AsteriskManifest.Entry> entries, double budget, IntConsumer progress) throws IOException {
        return evaluate(entries, budget, progress, null);
    }

    /** Encoder outputs of a manifest, kept once to score other search settings ({@link #rescore}). */
    public record Recorded(List<AsteriskManifest.Entry> entries, List<List<RecognizerStream.Posteriors>> posteriors, Report report) {
    }

    /** Evaluates as {@link #evaluate} does and keeps every utterance's encoder outputs. */
    public Recorded record(List<AsteriskManifest.Entry> entries, double budget, IntConsumer progress) throws IOException {
        List<List<RecognizerStream.Posteriors>> posteriors = new ArrayList<>();
        Report r = evaluate(entries, budget, progress, posteriors);
        return new Recorded(entries, posteriors, r);
    }

    /**
     * Scores recorded encoder outputs with other search settings (beam, LM weight, word bonus):
     * the same figures as a full evaluation with those settings, but only the search runs. The
     * real-time factor is the search's alone; the compute figures are those of the recording.
     */
    public Report rescore(Recorded recorded, DecoderConfig decoder) {
        ErrorRate er = new ErrorRate();
        List<String[]> pairs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < recorded.entries().size(); i++) {
            AsteriskManifest.Entry e = recorded.entries().get(i);
            String hyp = OfflineTranscriber.text(recognizer.replay("utt", recorded.posteriors().get(i), decoder));
            er.add(e.reference(), hyp);
            pairs.add(new String[] {e.wav().toString(), e.reference(), hyp});
        }
        double search = (System.nanoTime() - t0) / 1e9;
        Report r = recorded.report();
        return new Report(er.wer(), er.cer(), search / Math.max(1e-9, r.audioSeconds()), r.utterances(), r.audioSeconds(),
                r.learnerFraction(), r.encoderMacs(), 0, search, pairs);
    }

    private Report evaluate(List<AsteriskManifest.Entry> entries, double budget, IntConsumer progress,
                            List<List<RecognizerStream.Posteriors>> posteriors) throws IOException {
        ErrorRate er = new ErrorRate();
        OfflineTranscriber t = new OfflineTranscriber(recognizer);
        if (posteriors != null) {
            t.recordingPosteriors();
        }
        double audio = 0;
        double wall = 0;
        double learnerSeconds = 0;
        double segmentSeconds = 0;
        long macs = 0;
        List<String[]> pairs = new ArrayList<>();
        int done = 0;
        for (AsteriskManifest.Entry e : entries) {
            DecodedAudio a = new AudioFileDecoder().decode(e.wav(), 16000, 1);
            if (a.channels() > 1) {
                a = a.channel(0);
            }
            long t0 = System.nanoTime();
            var segments = t.transcribe(a, "utt", budget);
            wall += (System.nanoTime() - t0) / 1e9;
            for (var s : segments) {
                learnerSeconds += s.learnerFraction() * (s.end() - s.start());
                segmentSeconds += s.end() - s.start();
                macs += s.encoderMacs();
            }
            String hyp = OfflineTranscriber.text(segments);
            er.add(e.reference(), hyp);
            pairs.add(new String[] {e.wav().toString(), e.reference(), hyp});
            if (posteriors != null) {
                posteriors.add(t.lastPosteriors().get(0));
            }
            audio += a.durationSeconds();
            progress.accept(++done);
        }
        return new Report(er.wer(), er.cer(), wall / Math.max(1e-9, audio), entries.size(), audio,
                recognizer.modelConfig().isAcm() && segmentSeconds > 0 ? learnerSeconds / segmentSeconds : 1.0, macs,
                t.encoderSeconds(), t.searchSeconds(), pairs);
    }
}
