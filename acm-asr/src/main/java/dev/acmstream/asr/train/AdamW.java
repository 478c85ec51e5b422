package dev.acmstream.asr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), with its moments kept as NDArrays
 * that can be saved and restored, so that a resumed run continues exactly. DJL's own optimizer
 * keeps its state private, which would lose the moments on every interruption.
 *
 * <p>Gradients accumulate in libtorch until zeroed; {@link #step} zeroes them. It must run
 * outside a gradient collector, where in-place updates of leaf arrays are allowed.
 */
public final class AdamW implements AutoCloseable {
    private final List<Parameter> params;
    private final boolean[] decay;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final NDManager manager;
    private final NDArray[] m1;
    private final NDArray[] m2;
    private long steps;

    /** β1 0.9, β2 0.98 and ε 1e-9 are the transformer defaults (Vaswani et al.). */
    public AdamW(List<Parameter> params, float weightDecay, NDManager parent) {
        this(params, 0.9f, 0.98f, 1e-9f, weightDecay, parent);
    }

    public AdamW(List<Parameter> params, float beta1, float beta2, float eps, float weightDecay, NDManager parent) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        m1 = new NDArray[params.size()];
        m2 = new NDArray[params.size()];
        decay = new boolean[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            m1[i] = manager.zeros(w.getShape());
            m2[i] = manager.zeros(w.getShape());
            decay[i] = params.get(i).getType() == Parameter.Type.WEIGHT;
        }
    }

    public long steps() {
        return steps;
    }

    /**
     * Scales the gradients so that their global L2 norm is at most {@code maxNorm}.
     *
     * @return the norm before clipping (NaN or infinite if a gradient is)
     */
    public double clipGlobalNorm(float maxNorm, NDManager scratch) {
        double sq = 0;
        NDArray[] grads = grads(scratch);
        for (NDArray g : grads) {
            sq += on(scratch, g.square()).sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        if (Double.isFinite(norm) && norm > maxNorm) {
            float k = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : grads) {
                g.muli(k);
            }
        }
        return norm;
    }

    /** One update with learning rate {@code lr}; gradients are zeroed afterwards. */
    public void step(float lr, NDManager scratch) {
        steps++;
        float bc1 = (float) (1 - Math.pow(beta1, steps));
        float bc2 = (float) (1 - Math.pow(beta2, steps));
        NDArray[] grads = grads(scratch);
        for (int i = 0; i < params.size(); i++) {
            NDArray g = grads[i];
            NDArray w = params.get(i).getArray();
            // Every temporary goes to scratch at once: results of operations on the state or the
            // weight would otherwise attach to their long-lived managers and leak.
            m1[i].muli(beta1).addi(on(scratch, g.mul(1 - beta1)));
            m2[i].muli(beta2).addi(on(scratch, g.square()).muli(1 - beta2));
            NDArray mHat = on(scratch, m1[i].div(bc1));
            NDArray denom = on(scratch, on(scratch, m2[i].div(bc2)).sqrt()).addi(eps);
            NDArray update = mHat.divi(denom).muli(lr);
            if (decay[i] && weightDecay > 0) {
                update.addi(on(scratch, w.mul(lr * weightDecay)));
            }
            w.subi(update);
        }
        zeroGradients(scratch);
    }

    /** Drops this step's gradients, e.g. after a non-finite loss. */
    public void zeroGradients(NDManager scratch) {
        for (NDArray g : grads(scratch)) {
            g.muli(0f);
            if (!Float.isFinite(on(scratch, g.sum()).getFloat())) {
                g.set(new float[(int) g.size()]);
            }
        }
    }

    private static NDArray on(NDManager scratch, NDArray a) {
        a.attach(scratch);
        return a;
    }

    /** The gradient arrays, attached to {@code scratch} so their handles close with it. */
    private NDArray[] grads(NDManager scratch) {
        NDArray[] out = new NDArray[params.size()];
        for (int i = 0; i < out.length; i++) {
            NDArray g = params.get(i).getArray().getGradient();
            g.attach(scratch);
            out[i] = g;
        }
        return out;
    }

    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeLong(steps);
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                writeArray(out, m1[i]);
                writeArray(out, m2[i]);
            }
        }
    }

    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            steps = in.readLong();
            int n = in.readInt();
            if (n != params.size()) {
                throw new IOException(file + ": optimizer state for " + n + " parameters, the model has " + params.size());
            }
            for (int i = 0; i < n; i++) {
                readArray(in, m1[i]);
                readArray(in, m2[i]);
            }
        }
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        float[] v = a.toFloatArray();
        out.writeInt(v.length);
        for (float x : v) {
            out.writeFloat(x);
        }
    }

    private static void readArray(DataInputStream in, NDArray a) throws IOException {
        int n = in.readInt();
        if (n != a.size()) {
            throw new IOException("optimizer array of " + n + " values, expected " + a.size());
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        a.set(v);
    }

    @Override
    public void close() {
        manager.close();
    }
}
