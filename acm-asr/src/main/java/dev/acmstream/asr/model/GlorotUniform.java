package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/** Glorot (Xavier) uniform: U(±sqrt(6 / (fan_in + fan_out))) for a {@code [out, in]} weight. */
final class GlorotUniform implements Initializer {
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanOut = shape.get(0);
        long fanIn = shape.dimension() > 1 ? shape.size() / fanOut : fanOut;
        float bound = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}
