package dev.acmstream.job.io;

import dev.acmstream.job.events.RawRecord;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

/**
 * One audio file as a source split: the file, the stream id it becomes, its chunk length and
 * how many chunks were already emitted (the position a checkpoint stores).
 */
public final class AudioFileSplit implements IteratorSourceSplit<RawRecord, AudioFileChunker>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String path;
    final String streamId;
    final int chunkMs;
    final int nextChunk;

    public AudioFileSplit(String path, String streamId, int chunkMs, int nextChunk) {
        this.path = path;
        this.streamId = streamId;
        this.chunkMs = chunkMs;
        this.nextChunk = nextChunk;
    }

    @Override
    public String splitId() {
        return streamId;
    }

    @Override
    public AudioFileChunker getIterator() {
        return new AudioFileChunker(this);
    }

    @Override
    public IteratorSourceSplit<RawRecord, AudioFileChunker> getUpdatedSplitForIterator(AudioFileChunker it) {
        return new AudioFileSplit(path, streamId, chunkMs, it.position());
    }
}
