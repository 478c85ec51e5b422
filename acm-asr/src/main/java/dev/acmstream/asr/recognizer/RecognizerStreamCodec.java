package dev.acmstream.asr.recognizer;

import dev.acmstream.asr.decode.PrefixBeamSearch;
import dev.acmstream.asr.model.StreamCache;
import dev.acmstream.audio.vad.EnergyVad;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link RecognizerStream} to bytes and back, for Flink keyed state: the encoder cache,
 * pending frames, the beam, and the endpoint and accounting counters. Versioned.
 *
 * <p>Not compressed: the cache is about 1 MB of float activations, which deflate shrinks by a few
 * per cent at the cost of tens of milliseconds per stream on the recognizer's own thread at
 * every checkpoint. Float arrays go out and in as bulk byte copies.
 */
public final class RecognizerStreamCodec {
    private static final int VERSION = 2; // 2: rotated key cache with its stream position; not deflated

    private RecognizerStreamCodec() {
    }

    /** The stream must not be resident in a batch (flush its {@code ResidentState} first). */
    public static byte[] encode(RecognizerStream s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(s.id);
            s.cache.write(out);
            out.writeInt(s.pending.size());
            var speech = s.pendingSpeech.iterator();
            for (float[] f : s.pending) {
                out.writeBoolean(speech.next());
                for (float v : f) {
                    out.writeFloat(v);
                }
            }
            EnergyVad.State vad = s.vad.snapshot();
            out.writeFloat(vad.floorDb());
            out.writeInt(vad.hangover());
            out.writeLong(s.tokens);
            out.writeBoolean(s.inputFinished);
            out.writeBoolean(s.closed);
            out.writeLong(s.segmentStartToken);
            out.writeInt(s.trailingSilence);
            out.writeLong(s.segmentTokens);
            out.writeLong(s.segmentLearners);
            out.writeLong(s.segmentMacs);
            out.writeDouble(s.lastBudget);
            List<PrefixBeamSearch.BeamEntry> beam = s.search.snapshot();
            out.writeInt(beam.size());
            for (PrefixBeamSearch.BeamEntry e : beam) {
                out.writeInt(e.chars().length);
                for (int i = 0; i < e.chars().length; i++) {
                    out.writeByte(e.chars()[i]);
                    out.writeLong(e.tokens()[i]);
                    out.writeFloat(e.logProbs()[i]);
                    out.writeDouble(e.contributions()[i]);
                }
                out.writeDouble(e.logBlank());
                out.writeDouble(e.logNonBlank());
            }
            if (!s.finals.isEmpty()) {
                throw new IllegalStateException("drain the finals of " + s.id + " before encoding it");
            }
        }
        return bytes.toByteArray();
    }

    public static RecognizerStream decode(byte[] data, Recognizer recognizer) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("recognizer stream state version " + version + ", this build reads " + VERSION);
            }
            RecognizerStream s = new RecognizerStream(in.readUTF(), recognizer);
            StreamCache cache = StreamCache.read(in, recognizer.modelConfig());
            s.restoreCache(cache);
            int pending = in.readInt();
            int bins = recognizer.modelConfig().melBins();
            for (int i = 0; i < pending; i++) {
                s.pendingSpeech.add(in.readBoolean());
                float[] f = new float[bins];
                for (int k = 0; k < bins; k++) {
                    f[k] = in.readFloat();
                }
                s.pending.add(f);
            }
            s.vad.restore(new EnergyVad.State(in.readFloat(), in.readInt()));
            s.tokens = in.readLong();
            s.inputFinished = in.readBoolean();
            s.closed = in.readBoolean();
            s.segmentStartToken = in.readLong();
            s.trailingSilence = in.readInt();
            s.segmentTokens = in.readLong();
            s.segmentLearners = in.readLong();
            s.segmentMacs = in.readLong();
            s.lastBudget = in.readDouble();
            int entries = in.readInt();
            List<PrefixBeamSearch.BeamEntry> beam = new ArrayList<>(entries);
            for (int e = 0; e < entries; e++) {
                int n = in.readInt();
                int[] chars = new int[n];
                long[] tokens = new long[n];
                float[] lp = new float[n];
                double[] contrib = new double[n];
                for (int i = 0; i < n; i++) {
                    chars[i] = in.readByte();
                    tokens[i] = in.readLong();
                    lp[i] = in.readFloat();
                    contrib[i] = in.readDouble();
                }
                beam.add(new PrefixBeamSearch.BeamEntry(chars, tokens, lp, contrib, in.readDouble(), in.readDouble()));
            }
            s.search.restore(beam);
            return s;
        }
    }
}
