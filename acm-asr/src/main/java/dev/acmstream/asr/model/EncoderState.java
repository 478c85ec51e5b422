package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The left context of a batch of streams as NDArrays: two frames of history for each
 * convolution, each layer's cached (rotated) keys, values and key validity, and each row's
 * stream position, the token index its next chunk starts at. A fresh state is all zeros with
 * every key invalid and its first token at position L·C, which is what a stream's first chunk
 * (and full-utterance training) sees.
 */
public final class EncoderState {
    final NDArray history1;
    final NDArray history2;
    final NDArray[] keys;
    final NDArray[] values;
    final NDArray valid;
    final long[] positions;

    EncoderState(NDArray history1, NDArray history2, NDArray[] keys, NDArray[] values, NDArray valid, long[] positions) {
        this.history1 = history1;
        this.history2 = history2;
        this.keys = keys;
        this.values = values;
        this.valid = valid;
        this.positions = positions;
    }

    public static EncoderState fresh(NDManager m, ModelConfig c, int batch) {
        NDArray[] k = new NDArray[c.layers()];
        NDArray[] v = new NDArray[c.layers()];
        Shape kv = new Shape(batch, c.heads(), c.contextTokens(), c.headDim());
        for (int l = 0; l < c.layers(); l++) {
            k[l] = m.zeros(kv);
            v[l] = m.zeros(kv);
        }
        return new EncoderState(m.zeros(new Shape(batch, ConvSubsampling.HISTORY, c.melBins())),
                m.zeros(new Shape(batch, ConvSubsampling.HISTORY, c.dModel())), k, v,
                m.zeros(new Shape(batch, c.contextTokens())), freshPositions(c, batch));
    }

    static long[] freshPositions(ModelConfig c, int batch) {
        long[] p = new long[batch];
        java.util.Arrays.fill(p, c.contextTokens());
        return p;
    }

    /** Builds a batch from per-stream caches (missing ones start fresh). */
    public static EncoderState stack(NDManager m, ModelConfig c, StreamCache[] caches) {
        int b = caches.length;
        int h1 = ConvSubsampling.HISTORY * c.melBins();
        int h2 = ConvSubsampling.HISTORY * c.dModel();
        int kv = c.heads() * c.contextTokens() * c.headDim();
        float[] a1 = new float[b * h1];
        float[] a2 = new float[b * h2];
        float[] val = new float[b * c.contextTokens()];
        long[] positions = new long[b];
        NDArray[] k = new NDArray[c.layers()];
        NDArray[] v = new NDArray[c.layers()];
        for (int i = 0; i < b; i++) {
            StreamCache s = caches[i];
            System.arraycopy(s.history1, 0, a1, i * h1, h1);
            System.arraycopy(s.history2, 0, a2, i * h2, h2);
            System.arraycopy(s.valid, 0, val, i * c.contextTokens(), c.contextTokens());
            positions[i] = s.position;
        }
        for (int l = 0; l < c.layers(); l++) {
            float[] kk = new float[b * kv];
            float[] vv = new float[b * kv];
            for (int i = 0; i < b; i++) {
                System.arraycopy(caches[i].keys[l], 0, kk, i * kv, kv);
                System.arraycopy(caches[i].values[l], 0, vv, i * kv, kv);
            }
            Shape shape = new Shape(b, c.heads(), c.contextTokens(), c.headDim());
            k[l] = Tensors.of(m, kk, shape);
            v[l] = Tensors.of(m, vv, shape);
        }
        return new EncoderState(Tensors.of(m, a1, new Shape(b, ConvSubsampling.HISTORY, c.melBins())),
                Tensors.of(m, a2, new Shape(b, ConvSubsampling.HISTORY, c.dModel())), k, v,
                Tensors.of(m, val, new Shape(b, c.contextTokens())), positions);
    }

    /** Copies row {@code i} of this batch state back into a per-stream cache. */
    public void unstackInto(int i, StreamCache s, ModelConfig c) {
        copyRow(history1, i, s.history1);
        copyRow(history2, i, s.history2);
        copyRow(valid, i, s.valid);
        s.position = positions[i];
        for (int l = 0; l < c.layers(); l++) {
            copyRow(keys[l], i, s.keys[l]);
            copyRow(values[l], i, s.values[l]);
        }
    }

    /** Moves every array to {@code m}, so that the state outlives the call that made it. */
    public void attach(NDManager m) {
        history1.attach(m);
        history2.attach(m);
        valid.attach(m);
        for (int l = 0; l < keys.length; l++) {
            keys[l].attach(m);
            values[l].attach(m);
        }
    }

    /** Copies every row into the given caches with one read of each array. */
    public void unstackAll(StreamCache[] caches, ModelConfig c) {
        splitRows(history1.toFloatArray(), caches, s -> s.history1);
        splitRows(history2.toFloatArray(), caches, s -> s.history2);
        splitRows(valid.toFloatArray(), caches, s -> s.valid);
        for (int i = 0; i < caches.length; i++) {
            caches[i].position = positions[i];
        }
        for (int l = 0; l < c.layers(); l++) {
            final int layer = l;
            splitRows(keys[l].toFloatArray(), caches, s -> s.keys[layer]);
            splitRows(values[l].toFloatArray(), caches, s -> s.values[layer]);
        }
    }

    private static void splitRows(float[] all, StreamCache[] caches, java.util.function.Function<StreamCache, float[]> dst) {
        for (int i = 0; i < caches.length; i++) {
            float[] d = dst.apply(caches[i]);
            System.arraycopy(all, i * d.length, d, 0, d.length);
        }
    }

    private static void copyRow(NDArray a, int i, float[] dst) {
        float[] row = a.get(i).toFloatArray();
        System.arraycopy(row, 0, dst, 0, dst.length);
    }
}
