package dev.acmstream.job.pipeline;

import dev.acmstream.job.events.ChunkRecord;

/** Keyed state of {@link StreamGuard}: the stream's format and where its sequence stands. A Flink POJO. */
public class StreamGuardState {
    public long nextSequence;
    public int sampleRate;
    public int encoding;
    public int channels;
    /** Chunks that arrived early, waiting for the ones before them (at most the reorder window). */
    public ChunkRecord[] early = new ChunkRecord[0];
    public long gaps;

    public StreamGuardState() {
    }
}
