package dev.acmstream.job.io;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.events.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts one audio file into wire-format chunks, the last flagged end-of-stream. μ-law and A-law
 * files stay in their encoding; everything else travels as s16le. The capture time of a chunk is
 * the wall clock when it is read, so lag measures the pipeline.
 */
public final class AudioFileChunker implements Iterator<RawRecord> {
    private final AudioFileSplit split;
    private DecodedAudio audio;
    private SampleEncoding encoding;
    private int next;
    private int chunks;
    private final AudioChunkWireFormat wire = new AudioChunkWireFormat(Integer.MAX_VALUE - 64);

    AudioFileChunker(AudioFileSplit split) {
        this.split = split;
        this.next = split.nextChunk;
    }

    private void load() {
        if (audio != null) {
            return;
        }
        try {
            audio = new AudioFileDecoder().decode(Path.of(split.path), 16000, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + split.path, e);
        }
        encoding = audio.encoding() == SampleEncoding.MULAW || audio.encoding() == SampleEncoding.ALAW ? audio.encoding()
                : SampleEncoding.S16LE;
        int perChunk = chunkFrames();
        chunks = Math.max(1, (audio.frames() + perChunk - 1) / perChunk);
    }

    private int chunkFrames() {
        return Math.max(1, audio.sampleRate() * split.chunkMs / 1000);
    }

    int position() {
        return next;
    }

    @Override
    public boolean hasNext() {
        load();
        return next < chunks;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int perChunk = chunkFrames();
        int from = next * perChunk;
        int to = Math.min(audio.frames(), from + perChunk);
        float[][] part = new float[audio.channels()][];
        for (int c = 0; c < audio.channels(); c++) {
            part[c] = java.util.Arrays.copyOfRange(audio.samples()[c], from, Math.max(from, to));
        }
        boolean last = next == chunks - 1;
        AudioChunk chunk = new AudioChunk(split.streamId, next, System.currentTimeMillis(), audio.sampleRate(), audio.channels(),
                encoding, last, part[0].length == 0 ? new byte[0] : encoding.interleave(part));
        next++;
        return new RawRecord(split.streamId, wire.encode(chunk), split.path);
    }
}
