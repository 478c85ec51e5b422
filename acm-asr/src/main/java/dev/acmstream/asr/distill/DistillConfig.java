package dev.acmstream.asr.distill;

/**
 * Settings of phases 1 and 2 of {@code train acmize}.
 *
 * @param moduleSteps optimizer steps per layer in phase 1
 * @param gateSteps optimizer steps per layer in phase 2
 * @param batchTokens tokens per step
 * @param moduleLr peak learning rate of phase 1 (cosine decay after 5 % warm-up)
 * @param gateLr peak learning rate of phase 2
 * @param heldOutFraction share of the cached tokens kept out of training, for the figures
 * @param seed token sampling
 */
public record DistillConfig(int moduleSteps, int gateSteps, int batchTokens, float moduleLr, float gateLr, double heldOutFraction,
                            long seed) {
    public static final DistillConfig DEFAULT = new DistillConfig(1500, 800, 1024, 1e-3f, 2e-3f, 0.05, 1);

    public DistillConfig {
        if (moduleSteps < 0 || gateSteps < 0 || batchTokens < 1 || !(heldOutFraction > 0 && heldOutFraction < 0.5)) {
            throw new IllegalArgumentException("invalid distillation settings");
        }
    }
}
