package dev.acmstream.asr.corpus;

import dev.acmstream.asr.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Decides every utterance of the corpus from the seed alone: the split, the text, the speaker,
 * the prosody and the augmentation. Job {@code j} always holds the same utterances, so any
 * machine rebuilds the same corpus and a resumed build continues where it stopped.
 */
final class CorpusPlanner {
    /** Share of utterances in train, dev and test before the text hash is applied. */
    private static final double TRAIN = 0.92;
    private static final double DEV = 0.04;
    /** Mixed into the seed for the held-out-voice dev set's random stream. */
    private static final long HELD_OUT_STREAM = 0x5EEDDE7L;

    private final long seed;
    private final TextPools text;
    private final List<Voice> trainVoices = new ArrayList<>();
    private final List<Voice> testVoices = new ArrayList<>();

    CorpusPlanner(long seed, TextPools text) {
        this.seed = seed;
        this.text = text;
        for (Voice v : Voice.all()) {
            (v.isTestSpeaker() ? testVoices : trainVoices).add(v);
        }
    }

    List<UtteranceSpec> job(int job, int size) {
        List<UtteranceSpec> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            long utt = (long) job * size + k;
            Random r = new Random(seed * 0x9E3779B97F4A7C15L + utt * 0xC2B2AE3D27D4EB4FL);
            double s = r.nextDouble();
            String split = s < TRAIN ? "train" : s < TRAIN + DEV ? "dev" : "test";
            out.add(spec(String.format("u%07d", utt), split, split, split.equals("test") ? testVoices : trainVoices, r));
        }
        return out;
    }

    /**
     * The held-out-voice dev set: {@code n} utterances of dev-split text spoken by
     * {@link Voice#heldOutDev()} speakers, whom no split of the corpus uses, drawn like the
     * corpus's own utterances from a random stream of their own (so the corpus is unchanged).
     */
    List<UtteranceSpec> heldOutVoiceDev(int n) {
        List<Voice> voices = Voice.heldOutDev();
        List<UtteranceSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Random r = new Random((seed ^ HELD_OUT_STREAM) * 0x9E3779B97F4A7C15L + i * 0xC2B2AE3D27D4EB4FL);
            out.add(spec(String.format("v%07d", i), HeldOutVoiceDev.SPLIT, "dev", voices, r));
        }
        return out;
    }

    /** One utterance after its split is known: text from {@code textSplit}'s pool, a voice from {@code voices}. */
    private UtteranceSpec spec(String id, String split, String textSplit, List<Voice> voices, Random r) {
        String source = text.drawSource(r);
        String written = text.draw(source, textSplit, r);
        if (r.nextDouble() < 0.15) {
            String more = text.draw(source, textSplit, r);
            if ((written + " " + more).split(" ").length <= 30) {
                written = written + " " + more;
            }
        }
        String label = TextNormalizer.normalize(written);
        String speech = TextNormalizer.forSpeech(written);
        Voice voice = drawVoice(voices, r);
        double stretch = 0.85 + 0.35 * r.nextDouble();
        int pitch = 30 + r.nextInt(41);
        Augmentation aug = Augmentation.draw(r, !voice.engine().equals(Voice.ESPEAK));
        return new UtteranceSpec(id, split, source, label, speech, voice, stretch, pitch, aug, r.nextLong());
    }

    /**
     * espeak-ng 35 %, flite 40 %, festival 25 %, renormalized over the engines that have voices
     * in the pool (the test pool has no flite speaker).
     */
    private static Voice drawVoice(List<Voice> pool, Random r) {
        String[] engines = {Voice.ESPEAK, Voice.FLITE, Voice.FESTIVAL};
        double[] weights = {0.35, 0.40, 0.25};
        double total = 0;
        for (int i = 0; i < engines.length; i++) {
            String e = engines[i];
            if (pool.stream().noneMatch(v -> v.engine().equals(e))) {
                weights[i] = 0;
            }
            total += weights[i];
        }
        double x = r.nextDouble() * total;
        int pick = 0;
        while (pick < engines.length - 1 && (x -= weights[pick]) >= 0) {
            pick++;
        }
        String engine = engines[pick];
        List<Voice> of = pool.stream().filter(v -> v.engine().equals(engine)).toList();
        return of.get(r.nextInt(of.size()));
    }
}
