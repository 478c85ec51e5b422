package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uniform weight averaging of encoders that were fine-tuned from one starting point (a "model
 * soup", Wortsman et al. 2022): every parameter becomes the mean of its values in the encoders.
 * Runs that share a start stay in one basin of the loss, so the mean of their weights works as a
 * model, often better on unseen data than any one of them. Encoders trained apart from each other
 * do not share a basin, and their average is noise; this class cannot tell, so the caller measures.
 */
public final class WeightAverage {
    private WeightAverage() {
    }

    /**
     * Replaces {@code target}'s parameters by the mean over {@code target} and {@code others}.
     *
     * @throws IllegalArgumentException when an encoder differs from {@code target} in shape or in
     *         its feature statistics (averaging those would mix models that read their input apart)
     */
    public static void averageInto(SpeechEncoder target, List<SpeechEncoder> others) {
        requireAverageable(target, others);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : target.getParameters()) {
            sums.put(p.getKey(), p.getValue().getArray().duplicate());
        }
        for (SpeechEncoder other : others) {
            for (Pair<String, Parameter> p : other.getParameters()) {
                sums.get(p.getKey()).addi(p.getValue().getArray());
            }
        }
        float n = others.size() + 1;
        for (Pair<String, Parameter> p : target.getParameters()) {
            NDArray mean = sums.get(p.getKey());
            p.getValue().getArray().set(mean.divi(n).toFloatArray());
            mean.close();
        }
    }

    /**
     * Refuses what {@link #averageInto} cannot average: no other model, or one that differs from
     * {@code target} in shape or feature statistics.
     */
    public static void requireAverageable(SpeechEncoder target, List<SpeechEncoder> others) {
        if (others.isEmpty()) {
            throw new IllegalArgumentException("averaging needs at least two models");
        }
        for (SpeechEncoder other : others) {
            if (!other.config().equals(target.config())) {
                throw new IllegalArgumentException("models of different shapes cannot be averaged: " + other.config() + " and "
                        + target.config());
            }
            if (!Arrays.equals(other.featureMean(), target.featureMean()) || !Arrays.equals(other.featureStd(), target.featureStd())) {
                throw new IllegalArgumentException("models with different feature statistics cannot be averaged: they do not "
                        + "share a starting point");
            }
        }
    }
}
