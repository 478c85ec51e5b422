package dev.acmstream.asr.lm;

import java.util.List;

/** A word n-gram language model as the decoder queries it: natural-log probabilities. */
public interface WordLanguageModel {
    /** log P(word | history), history oldest first (only the last order−1 words matter). */
    float logProb(List<String> history, String word);

    /** log P(end of sentence | history). */
    float endLogProb(List<String> history);

    /** The model's order n. */
    int order();

    /**
     * The words this model knows, or null when it knows every word alike (then a decoder has
     * nothing to look ahead with).
     */
    default Lexicon lexicon() {
        return null;
    }

    /** log P of a word outside {@link #lexicon()}, as {@link #logProb} scores it with any history. */
    default float unknownWordLogProb() {
        return 0f;
    }

    /** No language model: every word costs nothing. */
    WordLanguageModel NONE = new WordLanguageModel() {
        @Override
        public float logProb(List<String> history, String word) {
            return 0f;
        }

        @Override
        public float endLogProb(List<String> history) {
            return 0f;
        }

        @Override
        public int order() {
            return 1;
        }
    };
}
