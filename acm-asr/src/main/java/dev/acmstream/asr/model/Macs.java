package dev.acmstream.asr.model;

import java.util.Locale;

/**
 * Multiply-accumulate counts of one forward call, per module. Counted from the shapes that
 * actually ran (the tokens each ACM learner saw), not estimated.
 */
public final class Macs {
    private long subsampling;
    private long attention;
    private long feedForward;
    private long gate;
    private long head;

    public void addSubsampling(long n) {
        subsampling += n;
    }

    public void addAttention(long n) {
        attention += n;
    }

    public void addFeedForward(long n) {
        feedForward += n;
    }

    public void addGate(long n) {
        gate += n;
    }

    public void addHead(long n) {
        head += n;
    }

    public long subsampling() {
        return subsampling;
    }

    public long attention() {
        return attention;
    }

    /** Dense FFN or ACM learners. */
    public long feedForward() {
        return feedForward;
    }

    public long gate() {
        return gate;
    }

    public long head() {
        return head;
    }

    /** The encoder: everything but the CTC head. */
    public long encoder() {
        return subsampling + attention + feedForward + gate;
    }

    public long total() {
        return encoder() + head;
    }

    public void add(Macs o) {
        subsampling += o.subsampling;
        attention += o.attention;
        feedForward += o.feedForward;
        gate += o.gate;
        head += o.head;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Macs[sub=%d attn=%d ffn=%d gate=%d head=%d total=%d]", subsampling, attention,
                feedForward, gate, head, total());
    }
}
