package dev.acmstream.asr.eval;

import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
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
        ErrorRate er = new ErrorRate();
        OfflineTranscriber t = new OfflineTranscriber(recognizer);
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
            StringBuilder hyp = new StringBuilder();
            for (var s : segments) {
                if (!s.text().isEmpty()) {
                    hyp.append(hyp.length() > 0 ? " " : "").append(s.text());
                }
                learnerSeconds += s.learnerFraction() * (s.end() - s.start());
                segmentSeconds += s.end() - s.start();
                macs += s.encoderMacs();
            }
            er.add(e.reference(), hyp.toString());
            pairs.add(new String[] {e.wav().toString(), e.reference(), hyp.toString()});
            audio += a.durationSeconds();
            progress.accept(++done);
        }
        return new Report(er.wer(), er.cer(), wall / Math.max(1e-9, audio), entries.size(), audio,
                recognizer.modelConfig().isAcm() && segmentSeconds > 0 ? learnerSeconds / segmentSeconds : 1.0, macs,
                t.encoderSeconds(), t.searchSeconds(), pairs);
    }
}
