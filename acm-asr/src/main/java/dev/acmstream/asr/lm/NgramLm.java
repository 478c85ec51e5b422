package dev.acmstream.asr.lm;

import edu.berkeley.nlp.lm.ConfigOptions;
import edu.berkeley.nlp.lm.NgramLanguageModel;
import edu.berkeley.nlp.lm.StringWordIndexer;
import edu.berkeley.nlp.lm.WordIndexer;
import edu.berkeley.nlp.lm.io.LmReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kneser–Ney word n-gram model, built and queried with BerkeleyLM (Pauls and Klein, 2011).
 * BerkeleyLM returns log10 probabilities; this class converts them to natural logs.
 */
public final class NgramLm implements WordLanguageModel {
    private static final float LN10 = (float) Math.log(10);
    /**
     * log10 probability of a word the model has never seen. BerkeleyLM's default (−100) would
     * make the vocabulary closed; −8 is below any trained word's unigram, so a word outside the
     * training text costs much but can still win on strong acoustics.
     */
    private static final float OOV_LOG10 = -8f;
    private static final java.util.regex.Pattern SPELLED_WORD = java.util.regex.Pattern.compile("[a-z']+");
    private final NgramLanguageModel<String> lm;
    private final Lexicon lexicon;

    private NgramLm(NgramLanguageModel<String> lm) {
        this.lm = lm;
        WordIndexer<String> indexer = lm.getWordIndexer();
        List<String> words = new ArrayList<>(indexer.numWords());
        for (int i = 0; i < indexer.numWords(); i++) {
            String w = indexer.getWord(i);
            if (w != null && SPELLED_WORD.matcher(w).matches()) { // not <s>, </s>, <unk>
                words.add(w);
            }
        }
        this.lexicon = Lexicon.of(words);
    }

    /** Loads a binary written by {@link #build}. */
    public static NgramLm load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no language model");
        }
        NgramLanguageModel<String> lm = LmReaders.readLmBinary(file.toString());
        lm.setOovWordLogProb(OOV_LOG10);
        return new NgramLm(lm);
    }

    /**
     * Builds an interpolated Kneser–Ney model of the given order from normalized text, one
     * sentence per line, and writes it as a BerkeleyLM binary.
     *
     * @param minCounts n-grams seen fewer times than this are pruned, per order (keeps the file small)
     */
    public static void build(List<Path> text, int order, double[] minCounts, Path arpa, Path binary) throws IOException {
        ConfigOptions opts = new ConfigOptions();
        opts.kneserNeyMinCounts = minCounts;
        StringWordIndexer indexer = new StringWordIndexer();
        indexer.setStartSymbol("<s>");
        indexer.setEndSymbol("</s>");
        indexer.setUnkSymbol("<unk>");
        List<String> files = new ArrayList<>();
        for (Path p : text) {
            files.add(p.toString());
        }
        LmReaders.createKneserNeyLmFromTextFiles(files, indexer, order, arpa.toFile(), opts);
        NgramLanguageModel<String> lm = LmReaders.readArrayEncodedLmFromArpa(arpa.toString(), true);
        LmReaders.writeLmBinary(lm, binary.toString());
    }

    @Override
    public float logProb(List<String> history, String word) {
        int n = lm.getLmOrder();
        List<String> ngram = new ArrayList<>(n);
        int from = Math.max(0, history.size() - (n - 1));
        if (history.size() < n - 1) {
            ngram.add("<s>");
        }
        ngram.addAll(history.subList(from, history.size()));
        ngram.add(word);
        if (ngram.size() > n) {
            ngram = ngram.subList(ngram.size() - n, ngram.size());
        }
        return lm.getLogProb(ngram) * LN10;
    }

    @Override
    public float endLogProb(List<String> history) {
        return logProb(history, "</s>");
    }

    @Override
    public int order() {
        return lm.getLmOrder();
    }

    @Override
    public Lexicon lexicon() {
        return lexicon;
    }

    @Override
    public float unknownWordLogProb() {
        return OOV_LOG10 * LN10;
    }
}
