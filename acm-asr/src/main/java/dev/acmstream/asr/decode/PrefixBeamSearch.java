package dev.acmstream.asr.decode;

import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.lm.Lexicon;
import dev.acmstream.asr.lm.WordLanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search (Hannun et al., 2014) with a word language model, run incrementally:
 * {@link #advance} consumes frames as the encoder produces them, {@link #best} gives the current
 * partial hypothesis, and {@link #finish} closes the utterance, scoring its last word and the end
 * of sentence.
 *
 * <p>Prefixes are interned in a tree (same text, same node), so merging paths is a map lookup.
 * The LM is applied when a word is completed by a space: α·log P(word | history) + β. While a
 * word is being spelled, the LM's lexicon looks ahead: as soon as the partial word is no prefix of
 * any word the LM knows, the prefix pays α·log P(unknown word) at once, instead of competing
 * unpenalized until its space; when the word completes, that provisional cost is replaced by the
 * word's own score, so a word's final cost is the same either way. Each
 * character remembers the token where it was first emitted and its posterior there, which give
 * word times and confidences.
 */
public final class PrefixBeamSearch {
    private static final double LOG_ZERO = -1e30;
    /**
     * Completed words a prefix remembers for the LM: enough for a 5-gram. The LM reads only its
     * order − 1 newest words of any history.
     */
    static final int HISTORY_WORDS = 4;

    private final DecoderConfig config;
    private final WordLanguageModel lm;
    /** The LM's words for look-ahead, or null without an LM or without an LM weight. */
    private final Lexicon lexicon;
    private final double offLexiconPenalty;
    private Node root;
    private Map<Node, double[]> beam;
    private long framesSkipped;

    public PrefixBeamSearch(DecoderConfig config, WordLanguageModel lm) {
        this.config = config;
        if (lm.order() - 1 > HISTORY_WORDS) {
            throw new IllegalArgumentException("the search keeps " + HISTORY_WORDS + " words of history; an LM of order "
                    + lm.order() + " needs " + (lm.order() - 1));
        }
        this.lm = lm;
        this.lexicon = config.lmWeight() > 0 ? lm.lexicon() : null;
        this.offLexiconPenalty = config.lmWeight() * lm.unknownWordLogProb();
        reset();
    }

    /** Starts a new utterance. */
    public void reset() {
        root = new Node(null, -1, -1, 0f, 0f, 0, Lexicon.ROOT, 0);
        beam = new HashMap<>();
        beam.put(root, new double[] {0.0, LOG_ZERO});
    }

    /**
     * @param logProbs log-softmax outputs {@code [frames × vocab]}
     * @param firstToken the stream-relative index of the first frame
     */
    public void advance(float[] logProbs, int offset, int frames, int vocab, long firstToken) {
        int[] candidates = new int[vocab];
        for (int f = 0; f < frames; f++) {
            int base = offset + f * vocab;
            long token = firstToken + f;
            int nc = 0;
            for (int v = 1; v < vocab; v++) {
                if (logProbs[base + v] >= config.charPruneLogProb()) {
                    candidates[nc++] = v;
                }
            }
            double modelBlank = logProbs[base + Vocabulary.BLANK];
            double blank = modelBlank - config.blankPenalty();
            if (modelBlank >= config.blankSkipLogProb()) {
                // Almost surely blank: no prefix grows; the same prefixes carry on.
                for (Map.Entry<Node, double[]> e : beam.entrySet()) {
                    Node p = e.getKey();
                    double[] v = e.getValue();
                    double pnb = p.ch >= 0 ? v[1] + logProbs[base + p.ch] : LOG_ZERO;
                    v[0] = lse(v[0], v[1]) + blank;
                    v[1] = pnb;
                }
                framesSkipped++;
                continue;
            }
            Map<Node, double[]> next = new HashMap<>(beam.size() * 4);
            for (Map.Entry<Node, double[]> e : beam.entrySet()) {
                Node p = e.getKey();
                double pb = e.getValue()[0];
                double pnb = e.getValue()[1];
                double total = lse(pb, pnb);
                double[] same = slot(next, p);
                same[0] = lse(same[0], total + blank);
                if (p.ch >= 0) {
                    same[1] = lse(same[1], pnb + logProbs[base + p.ch]);
                }
                for (int i = 0; i < nc; i++) {
                    int c = candidates[i];
                    if (c == Vocabulary.SPACE && (p.ch < 0 || p.ch == Vocabulary.SPACE)) {
                        continue; // no leading or double spaces
                    }
                    float lp = logProbs[base + c];
                    Node child = p.child(c, token, lp, this);
                    double[] s = slot(next, child);
                    double contribution = (c == p.ch ? pb : total) + lp;
                    s[1] = lse(s[1], contribution);
                    child.noteEmission(token, lp, contribution);
                }
            }
            beam = prune(next);
        }
    }

    /** Frames so far that extended no prefix (see {@link DecoderConfig#blankSkipLogProb()}). */
    public long framesSkipped() {
        return framesSkipped;
    }

    private static double[] slot(Map<Node, double[]> m, Node n) {
        return m.computeIfAbsent(n, k -> new double[] {LOG_ZERO, LOG_ZERO});
    }

    private Map<Node, double[]> prune(Map<Node, double[]> next) {
        if (next.size() <= config.beam()) {
            return next;
        }
        int n = next.size();
        Node[] nodes = new Node[n];
        double[][] probs = new double[n][];
        double[] scores = new double[n];
        Integer[] order = new Integer[n];
        int i = 0;
        for (Map.Entry<Node, double[]> e : next.entrySet()) {
            nodes[i] = e.getKey();
            probs[i] = e.getValue();
            scores[i] = score(nodes[i], probs[i]); // once per prefix, not once per comparison
            order[i] = i;
            i++;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        Map<Node, double[]> kept = new HashMap<>(config.beam() * 2);
        for (int k = 0; k < config.beam(); k++) {
            kept.put(nodes[order[k]], probs[order[k]]);
        }
        // Forget pruned prefixes, so that the tree stays small and a prefix that comes back
        // later starts with fresh timing.
        for (int k = config.beam(); k < n; k++) {
            nodes[order[k]].detach();
        }
        return kept;
    }

    private static double score(Node n, double[] p) {
        return lse(p[0], p[1]) + n.lmScore + n.partialPenalty;
    }

    /** The best hypothesis so far, without end-of-sentence scoring. */
    public Hypothesis best() {
        Node bestNode = root;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Node, double[]> e : beam.entrySet()) {
            double s = score(e.getKey(), e.getValue());
            if (s > bestScore) {
                bestScore = s;
                bestNode = e.getKey();
            }
        }
        return hypothesis(bestNode);
    }

    /** The best complete hypothesis: the last word and the end of sentence are scored first. */
    public Hypothesis finish() {
        Node bestNode = root;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Node, double[]> e : beam.entrySet()) {
            Node n = e.getKey();
            double s = lse(e.getValue()[0], e.getValue()[1]) + n.lmScore + closingScore(n);
            if (s > bestScore) {
                bestScore = s;
                bestNode = n;
            }
        }
        return hypothesis(bestNode);
    }

    private double closingScore(Node n) {
        if (config.lmWeight() == 0 || n.ch < 0) {
            return 0;
        }
        List<String> words = n.words();
        double s = 0;
        if (n.ch != Vocabulary.SPACE) {
            String last = words.get(words.size() - 1);
            s += config.lmWeight() * lm.logProb(words.subList(0, words.size() - 1), last) + config.wordBonus();
        }
        return s + config.lmWeight() * lm.endLogProb(words);
    }

    /** Score of completing a word: called when a space follows it. */
    double wordScore(Node beforeSpace) {
        if (config.lmWeight() == 0 && config.wordBonus() == 0) {
            return 0;
        }
        return config.lmWeight() * lm.logProb(beforeSpace.history, beforeSpace.partialWord()) + config.wordBonus();
    }

    private static Hypothesis hypothesis(Node n) {
        List<Node> chars = new ArrayList<>();
        for (Node c = n; c != null && c.ch >= 0; c = c.parent) {
            chars.add(c);
        }
        Collections.reverse(chars);
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder w = new StringBuilder();
        long start = -1;
        long end = -1;
        double logConf = 0;
        int count = 0;
        for (Node c : chars) {
            if (c.ch == Vocabulary.SPACE) {
                if (w.length() > 0) {
                    words.add(new Word(w.toString(), start, end, (float) Math.exp(logConf / count)));
                    w.setLength(0);
                }
                continue;
            }
            if (w.length() == 0) {
                start = c.token;
                logConf = 0;
                count = 0;
            }
            w.append(Vocabulary.symbol(c.ch));
            end = c.token + 1;
            logConf += c.logProb;
            count++;
        }
        if (w.length() > 0) {
            words.add(new Word(w.toString(), start, end, (float) Math.exp(logConf / count)));
        }
        for (Word word : words) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word.word());
        }
        return new Hypothesis(text.toString(), words);
    }

    /** A decoded text and its words. */
    public record Hypothesis(String text, List<Word> words) {
    }

    /**
     * Snapshot of the beam for checkpoints: each prefix's characters with their emission times,
     * posteriors and path scores.
     */
    public List<BeamEntry> snapshot() {
        List<BeamEntry> out = new ArrayList<>();
        for (Map.Entry<Node, double[]> e : beam.entrySet()) {
            List<Node> chars = new ArrayList<>();
            for (Node c = e.getKey(); c != null && c.ch >= 0; c = c.parent) {
                chars.add(c);
            }
            Collections.reverse(chars);
            int[] ch = new int[chars.size()];
            long[] tok = new long[chars.size()];
            float[] lp = new float[chars.size()];
            double[] best = new double[chars.size()];
            for (int i = 0; i < ch.length; i++) {
                ch[i] = chars.get(i).ch;
                tok[i] = chars.get(i).token;
                lp[i] = chars.get(i).logProb;
                best[i] = chars.get(i).bestContribution;
            }
            out.add(new BeamEntry(ch, tok, lp, best, e.getValue()[0], e.getValue()[1]));
        }
        return out;
    }

    public void restore(List<BeamEntry> entries) {
        reset();
        beam.clear();
        for (BeamEntry b : entries) {
            Node n = root;
            for (int i = 0; i < b.chars().length; i++) {
                n = n.child(b.chars()[i], b.tokens()[i], b.logProbs()[i], this);
                n.noteEmission(b.tokens()[i], b.logProbs()[i], b.contributions()[i]);
            }
            beam.put(n, new double[] {b.logBlank(), b.logNonBlank()});
        }
        if (beam.isEmpty()) {
            beam.put(root, new double[] {0.0, LOG_ZERO});
        }
    }

    /** One beam prefix in a checkpoint. */
    public record BeamEntry(int[] chars, long[] tokens, float[] logProbs, double[] contributions, double logBlank,
                            double logNonBlank) {
    }

    static double lse(double a, double b) {
        if (a < b) {
            double t = a;
            a = b;
            b = t;
        }
        if (b <= LOG_ZERO) {
            return a;
        }
        return a + Math.log1p(Math.exp(b - a));
    }

    /** A prefix: its last character, where it was first emitted, and the LM score of its words. */
    static final class Node {
        final Node parent;
        final int ch;
        /** The token of this character's strongest emission so far, and its log posterior there. */
        long token;
        float logProb;
        private double bestContribution = Double.NEGATIVE_INFINITY;
        /** The LM score of the completed words. */
        final double lmScore;
        /** The completed words before the one being spelled, at most the LM's order − 1 of them, oldest first. */
        final List<String> history;
        /** Lexicon node of the word being spelled, {@link Lexicon#NONE} once it left the lexicon. */
        final int lexNode;
        /** Provisional cost of the word being spelled: the unknown-word cost once it left the lexicon. */
        final double partialPenalty;
        final int depth;
        private Map<Integer, Node> children;

        Node(Node parent, int ch, long token, float logProb, double lmScore, int depth, int lexNode, double partialPenalty) {
            this.parent = parent;
            this.ch = ch;
            this.token = token;
            this.logProb = logProb;
            this.lmScore = lmScore;
            this.depth = depth;
            this.lexNode = lexNode;
            this.partialPenalty = partialPenalty;
            this.history = parent == null ? List.of() : ch == Vocabulary.SPACE ? parent.historyAfterWord() : parent.history;
        }

        /** The history once this node's partial word is completed. */
        private List<String> historyAfterWord() {
            if (ch < 0 || ch == Vocabulary.SPACE) {
                return history;
            }
            int keep = HISTORY_WORDS;
            List<String> h = new ArrayList<>(Math.min(keep, history.size() + 1));
            for (int i = Math.max(0, history.size() + 1 - keep); i < history.size(); i++) {
                h.add(history.get(i));
            }
            h.add(partialWord());
            return List.copyOf(h);
        }

        /** The characters since the last space. */
        String partialWord() {
            StringBuilder sb = new StringBuilder();
            for (Node n = this; n != null && n.ch >= 0 && n.ch != Vocabulary.SPACE; n = n.parent) {
                sb.append(Vocabulary.symbol(n.ch));
            }
            return sb.reverse().toString();
        }

        /** Keeps the emission that contributed most to this prefix: its frame and posterior. */
        void noteEmission(long tok, float lp, double contribution) {
            if (contribution > bestContribution) {
                bestContribution = contribution;
                token = tok;
                logProb = lp;
            }
        }

        void detach() {
            if (parent != null && parent.children != null && parent.children.get(ch) == this) {
                parent.children.remove(ch);
            }
        }

        Node child(int c, long tok, float lp, PrefixBeamSearch search) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            Node n = children.get(c);
            if (n == null) {
                if (c == Vocabulary.SPACE) {
                    double lmAdd = ch >= 0 && ch != Vocabulary.SPACE ? search.wordScore(this) : 0;
                    n = new Node(this, c, tok, lp, lmScore + lmAdd, depth + 1, Lexicon.ROOT, 0);
                } else if (search.lexicon == null) {
                    n = new Node(this, c, tok, lp, lmScore, depth + 1, Lexicon.NONE, 0);
                } else {
                    int lex = search.lexicon.next(lexNode, Vocabulary.symbol(c));
                    n = new Node(this, c, tok, lp, lmScore, depth + 1, lex, lex == Lexicon.NONE ? search.offLexiconPenalty : 0);
                }
                children.put(c, n);
            }
            return n;
        }

        /** The words of this prefix, the last possibly incomplete. */
        List<String> words() {
            StringBuilder sb = new StringBuilder(depth);
            for (Node n = this; n != null && n.ch >= 0; n = n.parent) {
                sb.append(Vocabulary.symbol(n.ch));
            }
            sb.reverse();
            List<String> out = new ArrayList<>();
            for (String w : sb.toString().trim().split(" +")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        }
    }
}
