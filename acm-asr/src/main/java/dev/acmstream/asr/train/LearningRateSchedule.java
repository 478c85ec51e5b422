package dev.acmstream.asr.train;

/**
 * Linear warm-up to the peak, then cosine decay to {@code floor · peak} at {@code totalSteps}.
 * Pre-LN transformers train stably with a short warm-up and a high peak.
 */
public record LearningRateSchedule(float peak, int warmupSteps, int totalSteps, float floor) {
    public float at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (peak * (floor + (1 - floor) * cosine));
    }
}
