package dev.acmstream.asr.corpus;

import dev.acmstream.asr.text.CallCentrePhrases;
import dev.acmstream.asr.text.TextNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The sentence pools of every text source, each split into train, dev and test by a hash of
 * the normalized sentence, so that a sentence belongs to one split on every machine and in
 * every corpus built from these packages.
 */
public final class TextPools {
    /** Share of utterances drawn from each source; call-centre phrases are this product's domain. */
    static final Map<String, Double> MIXTURE = new LinkedHashMap<>();

    static {
        MIXTURE.put("callcentre", 0.36);
        MIXTURE.put("wordnet", 0.22);
        MIXTURE.put("fortunes", 0.20);
        MIXTURE.put("bible", 0.11);
        MIXTURE.put("jargon", 0.11);
    }

    private final Map<String, Map<String, List<String>>> pools = new HashMap<>();

    private TextPools() {
    }

    public static TextPools load() throws IOException {
        TextPools p = new TextPools();
        p.add("fortunes", TextSources.fortunes());
        p.add("bible", TextSources.bible());
        p.add("jargon", TextSources.jargon());
        p.add("wordnet", TextSources.wordnet());
        return p;
    }

    /** Pools of the given sentences, grouped by their source; for tests, which have no Debian text packages. */
    static TextPools of(List<TextSources.Sentence> sentences) {
        TextPools p = new TextPools();
        Map<String, List<TextSources.Sentence>> bySource = new LinkedHashMap<>();
        for (TextSources.Sentence s : sentences) {
            bySource.computeIfAbsent(s.source(), k -> new ArrayList<>()).add(s);
        }
        bySource.forEach(p::add);
        return p;
    }

    private void add(String source, List<TextSources.Sentence> sentences) {
        Map<String, List<String>> bySplit = new HashMap<>();
        for (TextSources.Sentence s : TextSources.dedupe(sentences)) {
            bySplit.computeIfAbsent(splitOf(TextNormalizer.normalize(s.text())), k -> new ArrayList<>()).add(s.text());
        }
        pools.put(source, bySplit);
    }

    /** The split a sentence belongs to: 4 % test, 3 % dev, the rest train. */
    public static String splitOf(String normalized) {
        long h = 0xcbf29ce484222325L;
        for (byte b : normalized.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        int bucket = (int) Math.floorMod(h, 100L);
        return bucket < 4 ? "test" : bucket < 7 ? "dev" : "train";
    }

    /** A sentence of the given source and split, in written form. */
    String draw(String source, String split, Random r) {
        if (source.equals("callcentre")) {
            CallCentrePhrases g = new CallCentrePhrases(r.nextLong());
            for (int i = 0; i < 20_000; i++) {
                String s = g.next();
                if (splitOf(TextNormalizer.normalize(s)).equals(split)) {
                    return s;
                }
            }
            throw new IllegalStateException("no call-centre phrase for split " + split);
        }
        List<String> pool = pools.get(source).get(split);
        return pool.get(r.nextInt(pool.size()));
    }

    String drawSource(Random r) {
        double x = r.nextDouble();
        for (Map.Entry<String, Double> e : MIXTURE.entrySet()) {
            x -= e.getValue();
            if (x < 0) {
                return e.getKey();
            }
        }
        return "callcentre";
    }

    /**
     * Training text for the language model: every train-split sentence of the packages, and
     * {@code phrases} generated call-centre phrases that fall in the train split.
     */
    public List<String> trainText(long seed, int phrases) {
        List<String> out = new ArrayList<>();
        for (Map<String, List<String>> bySplit : pools.values()) {
            for (String s : bySplit.getOrDefault("train", List.of())) {
                out.add(TextNormalizer.normalize(s));
            }
        }
        CallCentrePhrases g = new CallCentrePhrases(seed);
        while (phrases > 0) {
            String n = TextNormalizer.normalize(g.next());
            if (splitOf(n).equals("train")) {
                out.add(n);
                phrases--;
            }
        }
        return out;
    }
}
