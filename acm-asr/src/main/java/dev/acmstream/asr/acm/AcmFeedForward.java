package dev.acmstream.asr.acm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.acmstream.asr.model.FeedForward;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelBlock;
import dev.acmstream.asr.model.Tensors;

/**
 * An Adaptive Computation Module (Wójcik et al., arXiv 2312.10193): N small learners whose
 * outputs add up, so that the first k of them make a valid output, and a gate that scores how
 * much each extra learner is worth for a token.
 *
 * <p>Learner i is Linear(d→F/N) → GELU → Linear(F/N→d) with no bias on the second linear, so k = 0
 * contributes exactly zero. The gate, Linear(d→{@code gateHidden}) → GELU → Linear(→N), costs
 * about 1 % of the learners.
 *
 * <p><b>Grouped execution.</b> Tokens are sorted by k, most first. Learner i then runs only on the
 * first n_i rows, where n_i is the number of tokens with k > i, as one gather, one matmul pair and
 * an in-place add into a prefix of the accumulator; one more gather puts rows back in order.
 * Compute, and wall time, follow the chosen k, with no masked dense work. (The paper's released
 * loop drops the last learner at the highest k; the tests compare against the dense sum.)
 *
 * <p><b>Frozen for inference.</b> After {@link #freeze}, the learners' weights are also held
 * concatenated, learner after learner, so that the first j learners are one contiguous prefix: a
 * call whose tokens all take j learners (budget 1, static width) runs as one matmul pair of
 * width j·F/N, the same MACs in fewer, larger operations. Calls of mixed k keep the per-learner
 * grouped path: on 128 to 1,024 rows, grouping rows by k and running each group's prefix at once
 * measured no faster (`docs/BENCHMARKS.md`), since it splits the rows into more, smaller matmuls.
 * A frozen block must not be trained: training runs the per-learner path, which is differentiable.
 */
public final class AcmFeedForward extends ModelBlock implements FeedForward {
    private final int dModel;
    private final int learners;
    private final int width;
    private final int gateHidden;
    private final Parameter[] w1;
    private final Parameter[] b1;
    private final Parameter[] w2;
    private final Parameter gw1;
    private final Parameter gb1;
    private final Parameter gw2;
    private final Parameter gb2;
    private Fused fused;

    public AcmFeedForward(int dModel, int ffnDim, int learners, int gateHidden) {
        this.dModel = dModel;
        this.learners = learners;
        this.width = ffnDim / learners;
        this.gateHidden = gateHidden;
        w1 = new Parameter[learners];
        b1 = new Parameter[learners];
        w2 = new Parameter[learners];
        for (int i = 0; i < learners; i++) {
            w1[i] = weight("learner" + i + "_w1", width, dModel);
            b1[i] = bias("learner" + i + "_b1", width);
            w2[i] = weight("learner" + i + "_w2", dModel, width);
        }
        gw1 = weight("gate_w1", gateHidden, dModel);
        gb1 = bias("gate_b1", gateHidden);
        gw2 = weight("gate_w2", learners, gateHidden);
        gb2 = bias("gate_b2", learners);
    }

    public int learners() {
        return learners;
    }

    public int width() {
        return width;
    }

    /** Learner i's output for every row of h, {@code [rows, d]}. */
    public NDArray learner(int i, NDArray h) {
        NDArray hidden = Activation.gelu(Linear.linear(h, w1[i].getArray(), b1[i].getArray()).singletonOrThrow());
        return Linear.linear(hidden, w2[i].getArray()).singletonOrThrow();
    }

    /** Gate scores {@code [rows, N]}: the predicted value of each learner for each token. */
    public NDArray gate(NDArray h) {
        NDArray hidden = Activation.gelu(Linear.linear(h, gw1.getArray(), gb1.getArray()).singletonOrThrow());
        return Linear.linear(hidden, gw2.getArray(), gb2.getArray()).singletonOrThrow();
    }

    @Override
    public NDArray forward(NDArray h, boolean[] valid, int layer, ForwardContext ctx) {
        int rows = (int) h.getShape().get(0);
        float[] scores = null;
        if (ctx.policy().needsGate()) {
            scores = gate(h).toFloatArray();
            ctx.macs().addGate((long) rows * ((long) dModel * gateHidden + (long) gateHidden * learners));
        }
        int[] k = ctx.policy().choose(layer, scores, valid, learners);
        long used = 0;
        long real = 0;
        for (int r = 0; r < rows; r++) {
            if (!valid[r]) {
                k[r] = 0;
            } else {
                used += k[r];
                real++;
            }
        }
        ctx.recordLearners(layer, used, real);
        ctx.recordRowLearners(k);
        NDArray out = ctx.training() ? groupedPerLearner(h, k, ctx.manager()) : grouped(h, k, ctx.manager());
        ctx.macs().addFeedForward(used * 2L * dModel * width);
        return out;
    }

    /**
     * Concatenates the learners' weights for inference ({@link #grouped} then runs a call whose
     * tokens all take the same k as one matmul pair). Call it once the weights are final;
     * {@link #unfreeze} drops the copies.
     */
    public void freeze() {
        NDManager m = w1[0].getArray().getManager();
        NDList first = new NDList();
        NDList biases = new NDList();
        NDList second = new NDList();
        for (int i = 0; i < learners; i++) {
            first.add(w1[i].getArray());
            biases.add(b1[i].getArray());
            second.add(w2[i].getArray());
        }
        unfreeze();
        NDManager owner = m.newSubManager();
        NDArray cw1 = NDArrays.concat(first, 0);
        NDArray cb1 = NDArrays.concat(biases, 0);
        NDArray cw2 = NDArrays.concat(second, 1);
        for (NDArray a : new NDArray[] {cw1, cb1, cw2}) {
            a.attach(owner);
        }
        NDArray[] pw1 = new NDArray[learners + 1];
        NDArray[] pb1 = new NDArray[learners + 1];
        NDArray[] pw2 = new NDArray[learners + 1];
        for (int j = 1; j <= learners; j++) {
            long cols = (long) j * width;
            pw1[j] = j == learners ? cw1 : cw1.get(new NDIndex("0:{}", cols));
            pb1[j] = j == learners ? cb1 : cb1.get(new NDIndex("0:{}", cols));
            pw2[j] = j == learners ? cw2 : cw2.get(new NDIndex(":, 0:{}", cols));
            for (NDArray a : new NDArray[] {pw1[j], pb1[j], pw2[j]}) {
                a.attach(owner);
            }
        }
        fused = new Fused(owner, pw1, pb1, pw2);
    }

    /** Drops the concatenated weights of {@link #freeze}; the per-learner path runs again. */
    public void unfreeze() {
        if (fused != null) {
            fused.owner().close();
            fused = null;
        }
    }

    public boolean isFrozen() {
        return fused != null;
    }

    /** The first j learners' weights as prefixes of the concatenation, index j (1..N). */
    private record Fused(NDManager owner, NDArray[] w1, NDArray[] b1, NDArray[] w2) {
        /** Sum of the first j learners for every row of h. */
        NDArray prefix(NDArray h, int j) {
            NDArray hidden = Activation.gelu(Linear.linear(h, w1[j], b1[j]).singletonOrThrow());
            return Linear.linear(hidden, w2[j]).singletonOrThrow();
        }
    }

    /**
     * The grouped execution: sum of the first k[r] learners for row r, computing learner i only on
     * rows with k > i.
     */
    public NDArray grouped(NDArray h, int[] k, NDManager m) {
        if (fused != null && k.length > 0) {
            int v = k[0];
            boolean uniform = true;
            for (int r = 1; r < k.length && uniform; r++) {
                uniform = k[r] == v;
            }
            if (uniform && v > 0) {
                return fused.prefix(h, v);
            }
        }
        return groupedPerLearner(h, k, m);
    }

    /** The sum of every learner for every row of h: the module's full output. */
    public NDArray sumOfAll(NDArray h, NDManager m) {
        int[] every = new int[(int) h.getShape().get(0)];
        java.util.Arrays.fill(every, learners);
        return grouped(h, every, m);
    }

    /** Row indices ordered by k, most learners first; stable, so equal-k rows keep their order. */
    private long[] sortByLearnersDescending(int[] k, int[] count) {
        long[] perm = new long[k.length];
        int[] start = new int[learners + 1];
        int pos = 0;
        for (int v = learners; v >= 0; v--) {
            start[v] = pos;
            pos += count[v];
        }
        for (int r = 0; r < k.length; r++) {
            perm[start[k[r]]++] = r;
        }
        return perm;
    }

    private static long[] inverse(long[] perm) {
        long[] inv = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[(int) perm[i]] = i;
        }
        return inv;
    }

    private NDArray groupedPerLearner(NDArray h, int[] k, NDManager m) {
        int rows = k.length;
        int[] count = new int[learners + 1];
        for (int v : k) {
            count[v]++;
        }
        long[] perm = sortByLearnersDescending(k, count);
        int active = rows - count[0];
        if (active == 0) {
            return m.zeros(new Shape(rows, dModel), h.getDataType());
        }
        if (count[learners] == rows) {
            // Every token takes every learner (budget 1): no reordering needed.
            NDArray sum = learner(0, h);
            for (int i = 1; i < learners; i++) {
                sum.addi(learner(i, h));
            }
            return sum;
        }
        NDArray sorted = h.get(Tensors.of(m, java.util.Arrays.copyOf(perm, active), new Shape(active)));
        NDArray acc = null;
        int n = active; // rows with k > i, for i = 0
        for (int i = 0; i < learners && n > 0; i++) {
            NDArray rowsIn = n == active ? sorted : sorted.get(new NDIndex("0:{}", n));
            NDArray y = learner(i, rowsIn);
            if (acc == null) {
                acc = y;
            } else {
                acc.get(new NDIndex("0:{}", n)).addi(y);
            }
            n -= count[i + 1];
        }
        if (active < rows) {
            acc = NDArrays.concat(new NDList(acc, m.zeros(new Shape(rows - active, dModel), h.getDataType())), 0);
        }
        return acc.get(Tensors.of(m, inverse(perm), new Shape(rows)));
    }

    /** The reference: every learner on every row, masked by k. Only for tests. */
    public NDArray maskedReference(NDArray h, int[] k, NDManager m) {
        int rows = k.length;
        NDArray sum = m.zeros(new Shape(rows, dModel), h.getDataType());
        for (int i = 0; i < learners; i++) {
            float[] mask = new float[rows];
            for (int r = 0; r < rows; r++) {
                mask[r] = k[r] > i ? 1f : 0f;
            }
            sum = sum.add(learner(i, h).mul(Tensors.of(m, mask, new Shape(rows, 1))));
        }
        return sum;
    }

    public Parameter w1(int i) {
        return w1[i];
    }

    public Parameter b1(int i) {
        return b1[i];
    }

    public Parameter w2(int i) {
        return w2[i];
    }

    /** The gate's parameters, in order: w1, b1, w2, b2. */
    public Parameter[] gateParameters() {
        return new Parameter[] {gw1, gb1, gw2, gb2};
    }
}
