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
 * <p>Each chunk of C tokens attends to itself and to the L chunks before it, never ahead. Keys
 * and queries are rotated at their absolute position in the stream, and keys are cached already
 * rotated: a call rotates only its new tokens, and the cache is appended to as it is. The
 * rotary tables are computed in double precision per position, so a token deep into a
 * thirty-minute call gets the same float rounding as one in its first second. A fresh state puts
 * the first token at position L·C, behind an all-masked cache, so full-utterance training
 * computes exactly what streaming computes.
 *
 * <p>With one chunk per call, the live steady state, the window is the key buffer itself and no
 * window is assembled; with more, the buffer is cut into chunks and chunk c gets chunks c−L..c.
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
     * rotary tables for the positions of the call's new tokens.
     *
     * @param mask {@code [B, 1, nc, 1, W]}: 0 for a visible key, −1e9 for a masked one
     * @param cos {@code [B, 1, T, dh]}, for keys
     * @param sin {@code [B, 1, T, dh]}, signed for the rotate-half layout (−sin, then +sin)
     * @param cosQ {@code cos} times 1/√dh, for queries
     * @param sinQ {@code sin} times 1/√dh
     * @param nextValid validity of the last L·C keys, the next call's cache
     */
    public record Shared(NDArray mask, NDArray cos, NDArray sin, NDArray cosQ, NDArray sinQ, NDArray nextValid) {
    }

    /**
     * Builds the shared inputs once per forward call.
     *
     * @param valid 1 for real tokens, 0 for padding, {@code [B, T]}
     * @param cacheValid {@code [B, L·C]}
     * @param positions stream position of each row's first new token
     */
    public static Shared shared(NDArray valid, NDArray cacheValid, long[] positions, int chunk, int leftChunks, int headDim,
                                NDManager m) {
        long b = valid.getShape().get(0);
        int t = (int) valid.getShape().get(1);
        long nc = t / chunk;
        int window = (leftChunks + 1) * chunk;
        NDArray allValid = NDArrays.concat(new NDList(cacheValid, valid), 1); // [B, LC+T]
        NDArray validWin = nc == 1 ? allValid.reshape(b, 1, window)
                : windows(allValid.reshape(b, leftChunks + nc, chunk), nc, leftChunks, 1, 2); // [B, nc, W]
        NDArray mask = validWin.sub(Tensors.scalar(m, 1f)).mul(Tensors.scalar(m, -MASKED)).reshape(b, 1, nc, 1, window);
        RotaryTables tables = RotaryTables.forHeadDim(headDim);
        int row = t * headDim;
        float[] cos = new float[(int) b * row];
        float[] sin = new float[(int) b * row];
        float[] cosQ = new float[(int) b * row];
        float[] sinQ = new float[(int) b * row];
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (int i = 0; i < b; i++) {
            if (i > 0 && positions[i] == positions[i - 1]) {
                System.arraycopy(cos, (i - 1) * row, cos, i * row, row);
                System.arraycopy(sin, (i - 1) * row, sin, i * row, row);
            } else {
                tables.fill(positions[i], t, cos, sin, i * row);
            }
        }
        for (int j = 0; j < cos.length; j++) {
            cosQ[j] = cos[j] * scale;
            sinQ[j] = sin[j] * scale;
        }
        Shape shape = new Shape(b, 1, t, headDim);
        NDArray nextValid = allValid.get(new NDIndex(":, {}:", t));
        return new Shared(mask, Tensors.of(m, cos, shape), Tensors.of(m, sin, shape), Tensors.of(m, cosQ, shape),
                Tensors.of(m, sinQ, shape), nextValid);
    }

    /**
     * @param x normalized input {@code [B, T, d]}, T a multiple of the chunk size
     * @param cacheK cached keys, already rotated {@code [B, H, L·C, dh]}
     * @param cacheV cached values {@code [B, H, L·C, dh]}
     * @param shared the call's mask and rotary tables
     * @return output {@code [B, T, d]} and the new cache (rotated keys, values)
     */
    public NDList forward(NDArray x, NDArray cacheK, NDArray cacheV, Shared shared, ForwardContext ctx) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long nc = t / chunk;
        int window = (leftChunks + 1) * chunk;

        NDArray qkv = Linear.linear(x, wqkv.getArray(), bqkv.getArray()).singletonOrThrow()
                .reshape(b, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4); // [3, B, H, T, dh]
        NDArray queries = rope(qkv.get(0), shared.cosQ(), shared.sinQ()); // scaled by 1/√dh
        NDArray keys = rope(qkv.get(1), shared.cos(), shared.sin());
        NDArray v = qkv.get(2);

        NDArray allK = NDArrays.concat(new NDList(cacheK, keys), 2); // [B, H, LC+T, dh], rotated
        NDArray allV = NDArrays.concat(new NDList(cacheV, v), 2);
        NDArray kWin;
        NDArray vWin;
        if (nc == 1) {
            kWin = allK.reshape(b, heads, 1, window, headDim);
            vWin = allV.reshape(b, heads, 1, window, headDim);
        } else {
            kWin = windows(allK.reshape(b, heads, leftChunks + nc, chunk, headDim), nc, leftChunks, 2, 3); // [B,H,nc,W,dh]
            vWin = windows(allV.reshape(b, heads, leftChunks + nc, chunk, headDim), nc, leftChunks, 2, 3);
        }
        // Three-dimensional batched matmuls over (B·H·nc) windows: the key transpose then stays a
        // stride the BLAS call takes as it is, instead of a copy.
        long windowsInCall = b * heads * nc;
        NDArray qc = queries.reshape(windowsInCall, chunk, headDim);
        NDArray scores = qc.matMul(kWin.reshape(windowsInCall, window, headDim).transpose(0, 2, 1))
                .reshape(b, heads, nc, chunk, window);
        NDArray probs = scores.add(shared.mask()).softmax(-1).reshape(windowsInCall, chunk, window);
        NDArray out = probs.matMul(vWin.reshape(windowsInCall, window, headDim)) // [B·H·nc, C, dh]
                .reshape(b, heads, nc, chunk, headDim).transpose(0, 2, 3, 1, 4).reshape(b, t, dModel);
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
     * x·cos + swap_halves(x)·sin, with the tables broadcast over heads; sin carries the sign of
     * the "rotate half" layout (frequency i turns dimensions i and i + dh/2).
     */
    private NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        int half = headDim / 2;
        int last = x.getShape().dimension() - 1;
        NDArray swapped = NDArrays.concat(new NDList(x.get(new NDIndex("..., {}:", half)), x.get(new NDIndex("..., 0:{}", half))), last);
        return x.mul(cos).add(swapped.mul(sin));
    }

    public int headDim() {
        return headDim;
    }

    public int heads() {
        return heads;
    }
}
