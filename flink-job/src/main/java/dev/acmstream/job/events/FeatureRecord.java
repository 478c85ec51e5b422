package dev.acmstream.job.events;

/**
 * Log-mel frames of one stream, in order, with the capture time of the audio they came from.
 * A Flink POJO; frames are flattened {@code [count][80]}.
 */
public class FeatureRecord {
    public String streamId;
    public String role;
    /** Index of the first frame in the stream (10 ms each). */
    public long firstFrame;
    public int count;
    public float[] frames;
    /** Wall-clock capture time (epoch ms) of the newest audio in these frames. */
    public long captureTimeMs;
    public boolean endOfStream;

    public FeatureRecord() {
    }
}
