package dev.acmstream.asr.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.asr.train.AdamW;
import dev.acmstream.asr.train.LearningRateSchedule;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The optimisation loop that phases 1 and 2 share: random token batches from cached arrays, one
 * loss, AdamW with a short warm-up and cosine decay, global gradient clipping at 5, and the mean
 * loss reported every 50 steps. Only {@code params} receive gradients, and only while it runs.
 */
final class TokenRegression {
    /** The loss of one batch: inputs {@code [rows, inDim]}, targets {@code [rows, targetDim]}. */
    interface Loss {
        NDArray of(NDArray inputs, NDArray targets, NDManager m);
    }

    /** What is fitted, to what, and how long. */
    record Task(List<Parameter> params, float[] inputs, int inDim, float[] targets, int targetDim, int trainTokens, int batchTokens,
                float peakLr, int steps, String lossName) {
    }

    private TokenRegression() {
    }

    static void fit(Task task, Loss loss, Random r, ProgressBar bar, NDManager parent) {
        for (Parameter p : task.params()) {
            p.getArray().setRequiresGradient(true);
        }
        LearningRateSchedule lr = new LearningRateSchedule(task.peakLr(), Math.max(1, task.steps() / 20), task.steps(), 0.05f);
        double window = 0;
        int windowSteps = 0;
        try (AdamW opt = new AdamW(task.params(), 0f, parent)) {
            for (int step = 0; step < task.steps(); step++) {
                try (NDManager m = parent.newSubManager()) {
                    NDArray[] batch = TokenSample.of(task.inputs(), task.inDim(), task.targets(), task.targetDim(), task.trainTokens(),
                            Math.min(task.batchTokens(), task.trainTokens()), r, m);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.of(batch[0], batch[1], m);
                        window += l.getFloat();
                        windowSteps++;
                        gc.backward(l);
                    }
                    opt.clipGlobalNorm(5f, m);
                    opt.step(lr.at(step), m);
                }
                if ((step + 1) % 50 == 0 || step + 1 == task.steps()) {
                    bar.update(step + 1, String.format(Locale.ROOT, "%s %.5f", task.lossName(), window / windowSteps));
                    window = 0;
                    windowSteps = 0;
                }
            }
        } finally {
            for (Parameter p : task.params()) {
                p.getArray().setRequiresGradient(false);
            }
        }
    }
}
