package dev.acmstream.job.events;

import java.util.Base64;

/** Input the job could not use, with why, so that nothing is dropped silently. A Flink POJO. */
public class DeadLetter {
    /** Kinds of bad input. */
    public enum Reason {
        /** The bytes are not an AudioChunk: bad magic, truncated, bad field. */
        WIRE_FORMAT,
        /** A version this job does not read. */
        UNKNOWN_VERSION,
        /** The payload is over the configured maximum. */
        OVERSIZED,
        /** A sequence number repeated or went backwards beyond the reorder window. */
        SEQUENCE,
        /** The sample rate, encoding or channel count changed mid-stream. */
        FORMAT_CHANGE,
        /** The record key disagrees with the stream id inside the chunk. */
        KEY_MISMATCH
    }

    public Reason reason;
    public String detail;
    public String streamId;
    public String origin;
    /** The record, base64, truncated to 4 KiB. */
    public String payloadBase64;
    public long timeMs;

    public DeadLetter() {
    }

    public static DeadLetter of(Reason reason, String detail, String streamId, String origin, byte[] bytes) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.detail = detail;
        d.streamId = streamId;
        d.origin = origin;
        if (bytes != null) {
            byte[] head = bytes.length > 4096 ? java.util.Arrays.copyOf(bytes, 4096) : bytes;
            d.payloadBase64 = Base64.getEncoder().encodeToString(head);
        }
        d.timeMs = System.currentTimeMillis();
        return d;
    }

    @Override
    public String toString() {
        return reason + " " + streamId + ": " + detail;
    }
}
