package dev.acmstream.asr.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One stream's encoder context as plain Java arrays: cheap to keep for thousands of idle
 * streams, and serializable into Flink keyed state. Its size is fixed by the model shape
 * (about 1 MB at the default shape), whatever the stream's length.
 */
public final class StreamCache {
    final float[] history1;
    final float[] history2;
    final float[][] keys;
    final float[][] values;
    final float[] valid;
    /** Stream position of the next chunk's first token (see {@link EncoderState}). */
    long position;
    /** Non-null while the current values live in a {@link ResidentState}, not in these arrays. */
    ResidentState residentIn;

    public StreamCache(ModelConfig c) {
        history1 = new float[ConvSubsampling.HISTORY * c.melBins()];
        history2 = new float[ConvSubsampling.HISTORY * c.dModel()];
        int kv = c.heads() * c.contextTokens() * c.headDim();
        keys = new float[c.layers()][kv];
        values = new float[c.layers()][kv];
        valid = new float[c.contextTokens()];
        position = c.contextTokens();
    }

    public void write(DataOutput out) throws IOException {
        if (residentIn != null) {
            throw new IllegalStateException("cache is resident in a batch; flush the ResidentState before writing it");
        }
        writeArray(out, history1);
        writeArray(out, history2);
        out.writeInt(keys.length);
        for (int l = 0; l < keys.length; l++) {
            writeArray(out, keys[l]);
            writeArray(out, values[l]);
        }
        writeArray(out, valid);
        out.writeLong(position);
    }

    public static StreamCache read(DataInput in, ModelConfig c) throws IOException {
        StreamCache s = new StreamCache(c);
        readArray(in, s.history1);
        readArray(in, s.history2);
        int layers = in.readInt();
        if (layers != s.keys.length) {
            throw new IOException("cache has " + layers + " layers, model has " + s.keys.length);
        }
        for (int l = 0; l < layers; l++) {
            readArray(in, s.keys[l]);
            readArray(in, s.values[l]);
        }
        readArray(in, s.valid);
        s.position = in.readLong();
        if (s.position < c.contextTokens()) {
            throw new IOException("cache at stream position " + s.position + ", before the first token at " + c.contextTokens());
        }
        return s;
    }

    private static void writeArray(DataOutput out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(a.length * Float.BYTES); // big-endian, as DataOutput.writeFloat
        b.asFloatBuffer().put(a);
        out.write(b.array());
    }

    private static void readArray(DataInput in, float[] a) throws IOException {
        int n = in.readInt();
        if (n != a.length) {
            throw new IOException("cache array of " + n + " values, expected " + a.length);
        }
        byte[] bytes = new byte[n * Float.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asFloatBuffer().get(a);
    }

    public StreamCache copy(ModelConfig c) {
        StreamCache s = new StreamCache(c);
        System.arraycopy(history1, 0, s.history1, 0, history1.length);
        System.arraycopy(history2, 0, s.history2, 0, history2.length);
        System.arraycopy(valid, 0, s.valid, 0, valid.length);
        s.position = position;
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(keys[l], 0, s.keys[l], 0, keys[l].length);
            System.arraycopy(values[l], 0, s.values[l], 0, values[l].length);
        }
        return s;
    }
}
