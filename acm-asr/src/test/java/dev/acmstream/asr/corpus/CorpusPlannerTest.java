package dev.acmstream.asr.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorpusPlannerTest {
    private static final String[] WORDS = {"amber", "bright", "cedar", "dune", "ember", "frost", "grove", "harbor", "island",
        "juniper", "kettle", "lantern"};

    /** Every source but the generated call-centre phrases, 1,728 distinct sentences each. */
    static TextPools pools() {
        List<TextSources.Sentence> sentences = new ArrayList<>();
        for (String source : List.of("fortunes", "bible", "jargon", "wordnet")) {
            for (String a : WORDS) {
                for (String b : WORDS) {
                    for (String c : WORDS) {
                        sentences.add(new TextSources.Sentence(source, String.format(Locale.ROOT, "%s %s %s %s.", source, a, b, c)));
                    }
                }
            }
        }
        return TextPools.of(sentences);
    }

    @Test
    void heldOutDevVoicesAreNoCorpusSpeaker() {
        Set<String> corpusSpeakers = Voice.all().stream().map(Voice::speaker).collect(Collectors.toSet());
        List<Voice> heldOut = Voice.heldOutDev();
        assertThat(heldOut).hasSize(Voice.ESPEAK_BASES.size() * Voice.HELD_OUT_DEV_ESPEAK_VARIANTS.size());
        for (Voice v : heldOut) {
            assertThat(corpusSpeakers).doesNotContain(v.speaker());
            assertThat(v.isTestSpeaker()).isFalse();
        }
        Set<String> used = new HashSet<>(Voice.ESPEAK_VARIANTS);
        used.addAll(Voice.TEST_ESPEAK_VARIANTS);
        for (String variant : Voice.HELD_OUT_DEV_ESPEAK_VARIANTS) {
            for (String u : used) {
                // neither the same variant nor a numbered sibling of one (steph / steph2)
                assertThat(variant.toLowerCase(Locale.ROOT)).doesNotStartWith(u.toLowerCase(Locale.ROOT));
                assertThat(u.toLowerCase(Locale.ROOT)).doesNotStartWith(variant.toLowerCase(Locale.ROOT));
            }
        }
    }

    @Test
    void theHeldOutSetReadsDevTextWithHeldOutVoicesAndIsFixedBySeed() {
        TextPools text = pools();
        List<UtteranceSpec> a = new CorpusPlanner(7, text).heldOutVoiceDev(300);
        List<UtteranceSpec> again = new CorpusPlanner(7, text).heldOutVoiceDev(300);
        List<UtteranceSpec> other = new CorpusPlanner(8, text).heldOutVoiceDev(300);
        assertThat(again).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
        assertThat(a.stream().map(UtteranceSpec::id).distinct().count()).isEqualTo(300);

        Set<Voice> heldOut = new HashSet<>(Voice.heldOutDev());
        Set<String> speakers = new HashSet<>();
        for (UtteranceSpec s : a) {
            assertThat(s.split()).isEqualTo(HeldOutVoiceDev.SPLIT);
            assertThat(heldOut).contains(s.voice());
            speakers.add(s.voice().speaker());
            if (!s.source().equals("callcentre")) {
                // the first sentence drawn is a dev-split sentence (a second one may be appended)
                assertThat(TextPools.splitOf(firstSentence(s.label()))).as(s.label()).isEqualTo("dev");
            }
        }
        assertThat(speakers.size()).as("speakers in 300 utterances").isGreaterThan(50);
    }

    @Test
    void theCorpusJobsNeverUseAHeldOutDevVoice() {
        CorpusPlanner planner = new CorpusPlanner(7, pools());
        Set<Voice> heldOut = new HashSet<>(Voice.heldOutDev());
        Set<Voice> corpus = new HashSet<>(Voice.all());
        Set<String> splits = new HashSet<>();
        for (int job = 0; job < 3; job++) {
            for (UtteranceSpec s : planner.job(job, 200)) {
                assertThat(heldOut).doesNotContain(s.voice());
                assertThat(corpus).contains(s.voice());
                assertThat(s.voice().isTestSpeaker()).isEqualTo(s.split().equals("test"));
                splits.add(s.split());
            }
        }
        assertThat(splits).containsExactlyInAnyOrder("train", "dev", "test");
    }

    /** The label's first four words: one sentence of {@link #pools()}. */
    private static String firstSentence(String label) {
        String[] w = label.split(" ");
        return TextNormalizer.normalize(String.join(" ", Arrays.copyOf(w, Math.min(4, w.length))));
    }
}
