package dev.acmstream.asr.train;

import java.nio.file.Path;

/**
 * Settings of a CTC training run ({@code train teacher}, and phase 3 of {@code train acmize}).
 *
 * @param corpus feature corpus directory
 * @param out model directory that receives the best model (by dev CER)
 * @param run working directory for checkpoints and logs
 * @param steps total optimizer steps; the learning-rate schedule ends here
 * @param peakLr peak learning rate after warm-up
 * @param warmupSteps linear warm-up
 * @param maxBatchFrames padded feature frames per batch (10 ms each)
 * @param evalEvery steps between dev evaluations
 * @param devUtterances dev utterances scored at each evaluation
 * @param checkpointMinutes wall-clock minutes between checkpoints
 * @param gradClip global gradient-norm bound
 * @param weightDecay AdamW decoupled weight decay
 * @param seed batch order, dropout and augmentation
 * @param maxHours stop (with a checkpoint) after this much wall time, 0 for no limit
 * @param specAugmentFullAt the epoch (fractional) from which SpecAugment runs at full strength; it
 *     ramps in linearly over the epoch before. 2 (training from scratch): none in the first epoch,
 *     so the model first learns clean speech; 0 (fine-tuning a trained model): full from the start
 */
public record TrainConfig(Path corpus, Path out, Path run, int steps, float peakLr, int warmupSteps, int maxBatchFrames,
                          int evalEvery, int devUtterances, double checkpointMinutes, float gradClip, float weightDecay,
                          long seed, double maxHours, double specAugmentFullAt) {
    /** From scratch: no SpecAugment in the first epoch, ramped in over the second. */
    public static final double SPEC_AUGMENT_FROM_SCRATCH = 2;

    public TrainConfig {
        requireSpecAugmentEpoch(specAugmentFullAt);
    }

    /** Refuses a negative {@link #specAugmentFullAt}, for the settings that carry it to a run. */
    public static void requireSpecAugmentEpoch(double specAugmentFullAt) {
        if (!(specAugmentFullAt >= 0)) {
            throw new IllegalArgumentException("the SpecAugment epoch must not be negative, got " + specAugmentFullAt);
        }
    }

    /** SpecAugment's strength, 0 to 1, at {@code progress} epochs into the run. */
    public double specAugmentStrength(double progress) {
        return Math.max(0, Math.min(1, progress - (specAugmentFullAt - 1)));
    }

    public static TrainConfig defaults(Path corpus, Path out, Path run) {
        return new TrainConfig(corpus, out, run, 20_000, 1.5e-3f, 800, 12_000, 500, 400, 10, 5f, 0.01f, 1, 0, SPEC_AUGMENT_FROM_SCRATCH);
    }
}
