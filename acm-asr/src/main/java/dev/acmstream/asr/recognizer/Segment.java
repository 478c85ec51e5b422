package dev.acmstream.asr.recognizer;

import java.util.List;

/**
 * A recognized stretch of one stream: final when an endpoint closed it, partial while it grows.
 *
 * @param streamId the stream
 * @param startSample first 16 kHz sample of the segment, stream-relative: with the stream id it names the segment
 * @param start segment start, seconds of stream audio
 * @param end segment end, seconds
 * @param text the words
 * @param words each word with times (seconds) and confidence
 * @param isFinal true once an endpoint closed the segment
 * @param budget the budget target it was decoded at
 * @param learnerFraction realised mean fraction of ACM learners per token (1 for a dense model)
 * @param encoderMacs encoder multiply-accumulates spent on its tokens
 */
public record Segment(String streamId, long startSample, double start, double end, String text, List<TimedWord> words,
                      boolean isFinal, double budget, double learnerFraction, long encoderMacs) {

    /** {@code stream@startSample}: deterministic, so a replay produces the same ids. */
    public String segmentId() {
        return streamId + "@" + startSample;
    }

    /** A word with times in seconds. */
    public record TimedWord(String word, double start, double end, double confidence) {
    }
}
