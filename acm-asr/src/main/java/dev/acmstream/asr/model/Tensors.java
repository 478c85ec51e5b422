package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose memory libtorch owns.
 *
 * <p>DJL's PyTorch engine builds arrays from Java data with {@code torch::from_blob} over a direct
 * buffer that only the Java object keeps alive, and its {@code mul(Number)}-style methods build
 * such a scalar and close it right after the call. When autograd saves that scalar for the
 * backward pass, the buffer can be garbage-collected first, and the backward pass then reads
 * freed memory: seen here as heap corruption a few steps into training, reliably so with a small
 * young generation. Everything that enters the autograd graph is therefore created through this
 * class, as a libtorch-owned copy, and scalars are multiplied in as owned 0-d arrays.
 */
public final class Tensors {
    private Tensors() {
    }

    /** A libtorch-owned copy of {@code data}. */
    public static NDArray of(NDManager m, float[] data, Shape shape) {
        try (NDArray blob = m.create(data, shape)) {
            return blob.duplicate();
        }
    }

    /** A libtorch-owned copy of {@code data}. */
    public static NDArray of(NDManager m, long[] data, Shape shape) {
        try (NDArray blob = m.create(data, shape)) {
            return blob.duplicate();
        }
    }

    /** An owned 0-d scalar. */
    public static NDArray scalar(NDManager m, float v) {
        return m.full(new Shape(), v, DataType.FLOAT32);
    }
}
