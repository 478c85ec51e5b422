package dev.acmstream.asr.eval;

/**
 * Word and character error rates by Levenshtein alignment. Accumulates edits and reference
 * lengths, so that corpus-level rates weight every word equally (not every utterance).
 */
public final class ErrorRate {
    private long wordEdits;
    private long words;
    private long charEdits;
    private long chars;
    private long utterances;

    /** Adds one utterance; both strings are already normalized. */
    public void add(String reference, String hypothesis) {
        String[] rw = words(reference);
        String[] hw = words(hypothesis);
        wordEdits += distance(rw, hw);
        words += rw.length;
        String rc = String.join(" ", rw);
        String hc = String.join(" ", hw);
        charEdits += distance(rc, hc);
        chars += rc.length();
        utterances++;
    }

    public double wer() {
        return words == 0 ? 0 : wordEdits / (double) words;
    }

    public double cer() {
        return chars == 0 ? 0 : charEdits / (double) chars;
    }

    public long utterances() {
        return utterances;
    }

    public long words() {
        return words;
    }

    /** The words of a normalized string: none for a blank one. */
    public static String[] words(String normalized) {
        return normalized.isBlank() ? new String[0] : normalized.trim().split(" +");
    }

    public static int distance(Object[] a, Object[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (a[i - 1].equals(b[j - 1]) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    public static int distance(String a, String b) {
        Character[] ca = a.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
        Character[] cb = b.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
        return distance(ca, cb);
    }
}
