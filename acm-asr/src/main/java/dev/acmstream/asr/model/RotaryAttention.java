package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Multi-head self-attention over chunks, with rotary position embeddings (RoPE), so that only
 * relative positions matter.
 *
 * <p>Each chunk of C tokens attends to itself and to the L chunks before it, never ahead. The
 * computation is blocked: keys and values of the whole sequence, preceded by the cached L·C
 * tokens of earlier audio, are cut into chunks, and chunk c gets the window of chunks
 * c−L..c. Positions are numbered from the start of the call's key buffer (the cache), so they
 * never grow with the stream: a thirty-minute call costs the same per chunk as its first second,
 * with the same rounding. Full-utterance training
 * starts from an all-masked cache, so it computes exactly what streaming computes.
 */
public final class RotaryAttention extends ModelBlock {
    /** Additive score of a masked key: finite, so a fully masked row gives no NaN. */
    private static final float MASKED = -1e9f;

    private final int dModel;
    private final int heads;
    private final int headDim;
    private final int chunk;
    private final int leftChunks;
    private final Parameter wqkv;
    private final Parameter bqkv;
    private final Parameter wo;
    private final Parameter bo;

    public RotaryAttention(int dModel, int heads, int chunk, int leftChunks) {
        this.dModel = dModel;
        this.heads = heads;
        this.headDim = dModel / heads;
        this.chunk = chunk;
        this.leftChunks = leftChunks;
        wqkv = weight("qkv_w", 3L * dModel, dModel);
        bqkv = bias("qkv_b", 3L * dModel);
        wo = weight("out_w", dModel, dModel);
        bo = bias("out_b", dModel);
    }

    /**
     * What every layer of one forward call shares: the additive key mask per chunk window and the
     * rotary tables for the positions of the call's key buffer (cache, then new tokens).
     *
     * @param mask {@code [B, 1, nc, 1, W]}: 0 for a visible key, −1e9 for a masked one
     * @param cos {@code [L·C + T, dh]}
     * @param sin {@code [L·C + T, dh]}
     * @param nextValid validity of the last L·C keys, the next call's cache
     */
    public record Shared(NDArray mask, NDArray cos, NDArray sin, NDArray nextValid) {
    }

    /**
     * Builds the shared inputs once per forward call.
     *
     * @param valid 1 for real tokens, 0 for padding, {@code [B, T]}
     * @param cacheValid {@code [B, L·C]}
     */
    public static Shared shared(NDArray valid, NDArray cacheValid, int chunk, int leftChunks, int headDim, NDManager m) {
        long b = valid.getShape().get(0);
        long t = valid.getShape().get(1);
        long nc = t / chunk;
        int window = (leftChunks + 1) * chunk;
        NDArray allValid = NDArrays.concat(new NDList(cacheValid, valid), 1); // [B, LC+T]
        NDArray validWin = windows(allValid.reshape(b, leftChunks + nc, chunk), nc, leftChunks, 1, 2); // [B, nc, W]
        NDArray mask = validWin.sub(Tensors.scalar(m, 1f)).mul(Tensors.scalar(m, -MASKED)).reshape(b, 1, nc, 1, window);
        int positions = (int) (leftChunks * chunk + t);
        int half = headDim / 2;
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double a = p * Math.pow(10000.0, -2.0 * i / headDim);
                cos[p * headDim + i] = cos[p * headDim + i + half] = (float) Math.cos(a);
                sin[p * headDim + i] = sin[p * headDim + i + half] = (float) Math.sin(a);
            }
        }
        NDArray nextValid = allValid.get(new NDIndex(":, {}:", t));
        return new Shared(mask, Tensors.of(m, cos, new Shape(positions, headDim)), Tensors.of(m, sin, new Shape(positions, headDim)),
                nextValid);
    }

    /**
     * @param x normalized input {@code [B, T, d]}, T a multiple of the chunk size
     * @param cacheK cached keys before RoPE {@code [B, H, L·C, dh]}
     * @param cacheV cached values {@code [B, H, L·C, dh]}
     * @param shared the call's mask and rotary tables
     * @return output {@code [B, T, d]} and the new cache (keys, values)
     */
    public NDList forward(NDArray x, NDArray cacheK, NDArray cacheV, Shared shared, ForwardContext ctx) {
        NDManager m = ctx.manager();
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long nc = t / chunk;
        int ctxTokens = leftChunks * chunk;
        int window = ctxTokens + chunk;

        NDArray qkv = Linear.linear(x, wqkv.getArray(), bqkv.getArray()).singletonOrThrow()
                .reshape(b, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4); // [3, B, H, T, dh]
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);

        NDArray allK = NDArrays.concat(new NDList(cacheK, k), 2); // [B, H, LC+T, dh], not rotated
        NDArray allV = NDArrays.concat(new NDList(cacheV, v), 2);
        // Rotating keys and queries at their positions in this buffer is the same as rotating
        // them at window positions: only differences of positions enter the scores.
        NDArray keys = rope(allK, shared.cos(), shared.sin());
        NDArray queries = rope(q, shared.cos().get(new NDIndex("{}:", ctxTokens)), shared.sin().get(new NDIndex("{}:", ctxTokens)));

        NDArray kWin = windows(keys.reshape(b, heads, leftChunks + nc, chunk, headDim), nc, leftChunks, 2, 3); // [B,H,nc,W,dh]
        NDArray vWin = windows(allV.reshape(b, heads, leftChunks + nc, chunk, headDim), nc, leftChunks, 2, 3);
        NDArray qc = queries.mul(Tensors.scalar(m, 1.0f / (float) Math.sqrt(headDim))).reshape(b, heads, nc, chunk, headDim);

        NDArray scores = qc.matMul(kWin.transpose(0, 1, 2, 4, 3)); // [B,H,nc,C,W]
        NDArray probs = scores.add(shared.mask()).softmax(-1);
        NDArray out = probs.matMul(vWin) // [B,H,nc,C,dh]
                .transpose(0, 2, 3, 1, 4).reshape(b, t, dModel);
        out = Linear.linear(out, wo.getArray(), bo.getArray()).singletonOrThrow();

        ctx.macs().addAttention(b * t * (4L * dModel * dModel + 2L * window * dModel));

        NDArray nextK = allK.get(new NDIndex(":, :, {}:, :", t));
        NDArray nextV = allV.get(new NDIndex(":, :, {}:, :", t));
        return new NDList(out, nextK, nextV);
    }

    /**
     * For {@code chunks} of shape {@code [..., L + nc, C, ...]} along {@code axis}, the windows
     * {@code [..., nc, (L+1)·C, ...]}: window c holds chunks c..c+L, oldest first.
     */
    private static NDArray windows(NDArray chunks, long nc, int leftChunks, int axis, int tokenAxis) {
        NDList parts = new NDList(leftChunks + 1);
        for (int o = 0; o <= leftChunks; o++) {
            parts.add(sliceAxis(chunks, axis, o, o + nc));
        }
        NDArray stacked = NDArrays.concat(parts, tokenAxis); // chunk o's tokens follow chunk o-1's
        return stacked;
    }

    private static NDArray sliceAxis(NDArray a, int axis, long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < axis; i++) {
            sb.append(":, ");
        }
        sb.append(from).append(':').append(to);
        return a.get(new NDIndex(sb.toString()));
    }

    /**
     * x·cos + rotate_half(x)·sin, with cos/sin {@code [positions, dh]} broadcast over the leading
     * axes ("rotate half" layout: frequency i turns dimensions i and i + dh/2).
     */
    private NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        int half = headDim / 2;
        int last = x.getShape().dimension() - 1;
        NDArray x1 = x.get(new NDIndex("..., 0:{}", half));
        NDArray x2 = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), last);
        return x.mul(cos).add(rotated.mul(sin));
    }

    public int headDim() {
        return headDim;
    }

    public int heads() {
        return heads;
    }
}
