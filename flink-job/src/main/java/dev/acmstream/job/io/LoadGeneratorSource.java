package dev.acmstream.job.io;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.events.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Real-time telephone streams for load tests, generated inside the job: {@code streams} 8 kHz
 * μ-law streams of {@code seconds} each, in {@code chunkMs} chunks, paced at the speed of speech.
 * A chunk's capture time is where the real-time schedule puts it (reader start + its offset),
 * not when it was emitted, so that a job that falls behind shows its lag.
 */
public final class LoadGeneratorSource {
    private LoadGeneratorSource() {
    }

    public static DataGeneratorSource<RawRecord> create(SpeechPool pool, String prefix, int streams, double seconds, int chunkMs) {
        long chunksPerStream = Math.max(1, Math.round(seconds * 1000 / chunkMs));
        long total = chunksPerStream * streams;
        double perSecond = streams * 1000.0 / chunkMs;
        return new DataGeneratorSource<>(new Generator(pool, prefix, streams, chunksPerStream, chunkMs), total,
                RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(RawRecord.class));
    }

    static final class Generator implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private final SpeechPool pool;
        private final String prefix;
        private final int streams;
        private final long chunksPerStream;
        private final int chunkMs;
        private transient long startMs;
        private transient AudioChunkWireFormat wire;

        Generator(SpeechPool pool, String prefix, int streams, long chunksPerStream, int chunkMs) {
            this.pool = pool;
            this.prefix = prefix;
            this.streams = streams;
            this.chunksPerStream = chunksPerStream;
            this.chunkMs = chunkMs;
        }

        @Override
        public void open(SourceReaderContext ctx) {
            startMs = System.currentTimeMillis();
            wire = new AudioChunkWireFormat();
        }

        @Override
        public RawRecord map(Long index) {
            int stream = (int) (index % streams);
            long k = index / streams;
            int samples = SpeechPool.RATE * chunkMs / 1000;
            String id = prefix + stream;
            AudioChunk c = new AudioChunk(id, k, startMs + k * chunkMs, SpeechPool.RATE, 1, SampleEncoding.MULAW,
                    k == chunksPerStream - 1, pool.chunk(stream, k, samples));
            return new RawRecord(id, wire.encode(c), "generator");
        }
    }
}
