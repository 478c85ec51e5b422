package dev.acmstream.asr.ctc;

/** Best path decoding: the most likely symbol per frame, repeats merged, blanks removed. */
public final class GreedyDecoder {
    private GreedyDecoder() {
    }

    /**
     * @param logits {@code [frames × vocab]} row-major (log-probabilities or raw logits)
     * @param frames frames to decode
     */
    public static String decode(float[] logits, int offset, int frames, int vocab) {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        for (int t = 0; t < frames; t++) {
            int best = 0;
            int base = offset + t * vocab;
            for (int v = 1; v < vocab; v++) {
                if (logits[base + v] > logits[base + best]) {
                    best = v;
                }
            }
            if (best != prev && best != Vocabulary.BLANK) {
                sb.append(Vocabulary.symbol(best));
            }
            prev = best;
        }
        return sb.toString().trim().replaceAll(" +", " ");
    }
}
