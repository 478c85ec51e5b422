package dev.acmstream.asr.ctc;

import java.util.ArrayList;
import java.util.List;

/**
 * The CTC output alphabet: blank (index 0), space, apostrophe and a–z, 29 symbols. Labels are
 * normalized text ({@link dev.acmstream.asr.text.TextNormalizer}), so every label character has
 * an index.
 */
public final class Vocabulary {
    public static final int BLANK = 0;
    public static final int SPACE = 1;
    private static final String SYMBOLS = "_ 'abcdefghijklmnopqrstuvwxyz";

    private Vocabulary() {
    }

    public static int size() {
        return SYMBOLS.length();
    }

    /** The symbols in index order; blank is written as {@code <blk>}. */
    public static List<String> tokens() {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < SYMBOLS.length(); i++) {
            t.add(i == BLANK ? "<blk>" : i == SPACE ? "<space>" : String.valueOf(SYMBOLS.charAt(i)));
        }
        return t;
    }

    public static int[] encode(String normalized) {
        int[] out = new int[normalized.length()];
        for (int i = 0; i < out.length; i++) {
            int idx = SYMBOLS.indexOf(normalized.charAt(i), 1);
            if (idx < 1) {
                throw new IllegalArgumentException("character '" + normalized.charAt(i) + "' is not in the vocabulary: " + normalized);
            }
            out[i] = idx;
        }
        return out;
    }

    public static char symbol(int index) {
        return SYMBOLS.charAt(index);
    }

    public static String decode(int[] labels) {
        StringBuilder sb = new StringBuilder();
        for (int l : labels) {
            sb.append(SYMBOLS.charAt(l));
        }
        return sb.toString();
    }
}
