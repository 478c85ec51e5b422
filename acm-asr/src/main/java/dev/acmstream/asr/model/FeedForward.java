package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;

/** The feed-forward half of an encoder layer: dense (the teacher) or an ACM. */
public interface FeedForward {
    /**
     * @param h normalized input {@code [tokens, d]}
     * @param valid 1 for real tokens, 0 for padding, {@code [tokens]} as a Java array
     * @param layer this block's layer index, for the learner policy and accounting
     * @return output {@code [tokens, d]}, to be added to the residual stream
     */
    NDArray forward(NDArray h, boolean[] valid, int layer, ForwardContext ctx);
}
