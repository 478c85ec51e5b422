package dev.acmstream.job.events;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;

/** A validated audio chunk inside the job (the wire {@link AudioChunk} as a Flink POJO). */
public class ChunkRecord {
    public String streamId;
    /** agent, customer or null: set when a stereo stream is split into channels. */
    public String role;
    public long sequence;
    public long captureTimeMs;
    public int sampleRate;
    public int channels;
    /** {@link SampleEncoding#wireCode()}. */
    public int encoding;
    public boolean endOfStream;
    public byte[] payload;

    public ChunkRecord() {
    }

    public static ChunkRecord of(AudioChunk c, String role) {
        ChunkRecord r = new ChunkRecord();
        r.streamId = c.streamId();
        r.role = role;
        r.sequence = c.sequence();
        r.captureTimeMs = c.captureTimeMs();
        r.sampleRate = c.sampleRate();
        r.channels = c.channels();
        r.encoding = c.encoding().wireCode();
        r.endOfStream = c.endOfStream();
        r.payload = c.payload();
        return r;
    }

    public AudioChunk toChunk() {
        return new AudioChunk(streamId, sequence, captureTimeMs, sampleRate, channels, SampleEncoding.fromWireCode(encoding),
                endOfStream, payload);
    }
}
