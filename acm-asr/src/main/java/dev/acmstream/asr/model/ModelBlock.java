package dev.acmstream.asr.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Base of the encoder's DJL blocks. Each block declares its parameters with their shapes once,
 * so the tree initializes without shape inference, and exposes a typed {@code forward} that
 * takes a {@link ForwardContext}; the generic {@link #forwardInternal} is not used by this
 * model's callers.
 *
 * <p>Discipline that keeps native memory flat: a parameter array is never the receiver of an
 * operation ({@code w.transpose()} would attach its result to the model's manager and leak);
 * activations always come first, so results attach to the per-call manager.
 */
public abstract class ModelBlock extends AbstractBlock {
    protected ModelBlock() {
        super((byte) 1);
    }

    /** A weight of shape {@code [out, in]} with Glorot-uniform initialization. */
    protected Parameter weight(String name, long out, long in) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in)).optInitializer(new GlorotUniform()).build());
    }

    protected Parameter bias(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS)
                .optShape(new Shape(size)).optInitializer(Initializer.ZEROS).build());
    }

    protected Parameter gamma(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.GAMMA)
                .optShape(new Shape(size)).optInitializer(new ConstantInitializer(1f)).build());
    }

    protected Parameter beta(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BETA)
                .optShape(new Shape(size)).optInitializer(Initializer.ZEROS).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed forward");
    }
}
