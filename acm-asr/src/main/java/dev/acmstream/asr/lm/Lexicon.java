package dev.acmstream.asr.lm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a language model knows, as a character trie, so that a decoder can tell while a
 * word is still being spelled whether it is on its way to a known word. Nodes are ints; the
 * edges of node i are {@code labels/targets[first[i] .. first[i+1])}.
 */
public final class Lexicon {
    /** The node of the empty prefix. */
    public static final int ROOT = 0;
    /** Returned by {@link #next} when no known word continues with that character. */
    public static final int NONE = -1;

    private final int[] first;
    private final char[] labels;
    private final int[] targets;
    private final boolean[] word;
    private final int words;

    private Lexicon(int[] first, char[] labels, int[] targets, boolean[] word, int words) {
        this.first = first;
        this.labels = labels;
        this.targets = targets;
        this.word = word;
        this.words = words;
    }

    /** A lexicon of these words; empty strings are ignored. */
    public static Lexicon of(Collection<String> vocabulary) {
        List<Map<Character, Integer>> edges = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        edges.add(new HashMap<>());
        ends.add(false);
        int count = 0;
        for (String w : vocabulary) {
            if (w.isEmpty()) {
                continue;
            }
            int node = ROOT;
            for (int i = 0; i < w.length(); i++) {
                Integer child = edges.get(node).get(w.charAt(i));
                if (child == null) {
                    child = edges.size();
                    edges.get(node).put(w.charAt(i), child);
                    edges.add(new HashMap<>(4));
                    ends.add(false);
                }
                node = child;
            }
            if (!ends.get(node)) {
                ends.set(node, true);
                count++;
            }
        }
        int n = edges.size();
        int[] first = new int[n + 1];
        for (int i = 0; i < n; i++) {
            first[i + 1] = first[i] + edges.get(i).size();
        }
        char[] labels = new char[first[n]];
        int[] targets = new int[first[n]];
        boolean[] word = new boolean[n];
        for (int i = 0; i < n; i++) {
            int at = first[i];
            for (Map.Entry<Character, Integer> e : edges.get(i).entrySet()) {
                labels[at] = e.getKey();
                targets[at++] = e.getValue();
            }
            word[i] = ends.get(i);
        }
        return new Lexicon(first, labels, targets, word, count);
    }

    /** The node reached from {@code node} by {@code c}, or {@link #NONE}. */
    public int next(int node, char c) {
        if (node < 0) {
            return NONE;
        }
        for (int i = first[node]; i < first[node + 1]; i++) {
            if (labels[i] == c) {
                return targets[i];
            }
        }
        return NONE;
    }

    /** Whether the prefix that reached {@code node} is itself a word. */
    public boolean isWord(int node) {
        return node >= 0 && word[node];
    }

    /** Whether {@code s} is a word of this lexicon. */
    public boolean contains(String s) {
        int node = ROOT;
        for (int i = 0; i < s.length() && node >= 0; i++) {
            node = next(node, s.charAt(i));
        }
        return isWord(node);
    }

    /** Number of distinct words. */
    public int size() {
        return words;
    }
}
