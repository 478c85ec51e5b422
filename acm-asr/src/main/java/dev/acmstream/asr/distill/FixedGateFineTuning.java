package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.train.CtcTrainer;
import dev.acmstream.asr.train.TrainConfig;
import dev.acmstream.asr.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * {@code train finetune}: phase 3 again on a trained ACM model, under its own gates, which stay
 * fixed. Every step samples a budget b and routes the batch with the gates' scores at that mean
 * learner fraction (batch-quantile thresholds, as in phase 3), so the learners and the rest of the
 * encoder adapt to the routing the gates will give them at run time. The gates get no update at
 * all: after a gate refit ({@code train regate}), phase 3's own gate loss would pull them back to
 * phase 2's label. The loss is CTC + λ_kd · KL(teacher ‖ student).
 */
public final class FixedGateFineTuning {
    /**
     * @param steps optimizer steps
     * @param peakLr peak learning rate (cosine decay after 5 % warm-up)
     * @param distillWeight weight of KL(teacher ‖ student) on the CTC posteriors
     * @param budgetSkew budgets per batch are b_min + (1 − b_min)·u^budgetSkew, u uniform (1: uniform)
     * @param batchFrames padded feature frames per batch
     * @param evalEvery steps between dev evaluations (at budget 0.5), which pick the best model
     * @param maxHours stop (with a checkpoint; rerun to continue) after this much wall time, 0 for none
     * @param seed batch order and budget sampling
     * @param specAugmentFullAt epoch from which SpecAugment runs at full strength, ramped in over the
     *     epoch before ({@link TrainConfig#specAugmentFullAt}; 0: full from the first step)
     */
    public record Settings(int steps, float peakLr, float distillWeight, double budgetSkew, int batchFrames, int evalEvery,
                           double maxHours, long seed, double specAugmentFullAt) {
        public Settings {
            if (steps < 1 || batchFrames < 1 || evalEvery < 1) {
                throw new IllegalArgumentException("steps, batch frames and the evaluation interval must be at least 1");
            }
            if (!(peakLr > 0) || !(distillWeight >= 0) || !(maxHours >= 0)) {
                throw new IllegalArgumentException("the learning rate must be positive, the distillation weight and hours not negative");
            }
            if (!(budgetSkew >= 1 && budgetSkew <= 8)) {
                throw new IllegalArgumentException("budget skew must be in [1, 8], got " + budgetSkew);
            }
            TrainConfig.requireSpecAugmentEpoch(specAugmentFullAt);
        }

        /** The settings a resumed run must share with the run it resumes (the steps, interval and hours may change). */
        public Map<String, String> recipe() {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("peakLr", TrainingRecipe.plain(peakLr));
            r.put("distillWeight", TrainingRecipe.plain(distillWeight));
            r.put("budgetSkew", TrainingRecipe.plain(budgetSkew));
            r.put("batchFrames", Integer.toString(batchFrames));
            r.put("seed", Long.toString(seed));
            r.put("specAugmentFullAt", TrainingRecipe.plain(specAugmentFullAt));
            return r;
        }
    }

    /** Dev utterances scored at each evaluation during training. */
    private static final int EVAL_UTTERANCES = 200;

    private final Settings s;
    private final TrainingData data;
    private final PrintStream log;

    public FixedGateFineTuning(Settings settings, TrainingData data, PrintStream log) {
        this.s = settings;
        this.data = data;
        this.log = log;
    }

    /**
     * Fine-tunes {@code student} in place, with checkpoints in {@code run}; a run directory that
     * holds a checkpoint resumes it (under the same recipe, or it is refused).
     *
     * @param facts receives the run's facts for the model card (settings, wall time, audio seen, best dev CER)
     * @return the best model by dev CER at budget 0.5, or null when the run stopped at its wall-time limit
     */
    public SpeechEncoder run(SpeechEncoder student, SpeechEncoder teacher, Path run, NDManager manager, Map<String, Object> facts)
            throws IOException {
        if (!student.config().isAcm()) {
            throw new IllegalArgumentException("the model must be an ACM model");
        }
        Map<String, String> recipe = recipe(s, student);
        checkResumable(run, recipe);
        TrainingRecipe.record(run, recipe);
        TrainConfig tc = new TrainConfig(data.corpus(), run.resolve("best"), run, s.steps(), s.peakLr(), Math.max(1, s.steps() / 20),
                s.batchFrames(), s.evalEvery(), EVAL_UTTERANCES, 10, 5f, 0.01f, s.seed(), s.maxHours(), s.specAugmentFullAt());
        AcmFineTuning hook = new AcmFineTuning(student, s.distillWeight() > 0 ? teacher : null, s.distillWeight(), 0f,
                BudgetCalibration.MIN_BUDGET, 0.5, s.budgetSkew(), 0);
        CtcTrainer trainer = new CtcTrainer(tc, data, student, manager, hook, withoutGates(student), log);
        trainer.card().put("phase", "fixed-gate fine-tuning");
        if (trainer.resume()) {
            log.println("fixed-gate fine-tuning: resumed");
        }
        trainer.train();
        if (trainer.state().step() < s.steps()) {
            return null;
        }
        facts.put("steps", s.steps());
        facts.put("peakLr", s.peakLr());
        facts.put("distillWeight", s.distillWeight());
        facts.put("budgetSkew", s.budgetSkew());
        facts.put("batchFrames", s.batchFrames());
        facts.put("specAugmentFullAtEpoch", s.specAugmentFullAt());
        facts.put("gates", "fixed (not trained); each batch routed by their scores at a budget sampled from [0.2, 1]");
        facts.put("bestDevGreedyCerAtBudgetHalf", trainer.state().bestDevCer());
        facts.put("wallHours", trainer.state().wallSeconds() / 3600);
        facts.put("audioHoursSeen", trainer.state().audioSeconds() / 3600);
        return ModelDirectory.load(tc.out()).encoder();
    }

    /**
     * Refuses to resume the run in {@code run} under another recipe than it started with.
     *
     * @throws IllegalArgumentException naming the settings that differ
     */
    public static void checkResumable(Path run, Map<String, String> recipe) throws IOException {
        TrainingRecipe.check(run, recipe);
    }

    /**
     * The recipe a run records and a resumed run must match: the settings' and the starting
     * weights' fingerprint. A checkpoint continues the model it started from, so resuming it on
     * another model would return that model's fine-tune under this one's name.
     */
    public static Map<String, String> recipe(Settings s, SpeechEncoder student) {
        Map<String, String> recipe = new LinkedHashMap<>(s.recipe());
        recipe.put("startingWeights", fingerprint(student));
        return recipe;
    }

    /** CRC-32 of every parameter's values, in the encoder's parameter order, as 8 hex digits. */
    static String fingerprint(SpeechEncoder e) {
        CRC32 crc = new CRC32();
        for (Pair<String, Parameter> p : e.getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            crc.update(b);
        }
        return String.format("%08x", crc.getValue());
    }

    /** Every parameter of the encoder except its gates'. */
    public static List<Parameter> withoutGates(SpeechEncoder e) {
        Set<Parameter> gates = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var layer : e.layers()) {
            if (layer.feedForward() instanceof AcmFeedForward acm) {
                gates.addAll(List.of(acm.gateParameters()));
            }
        }
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : e.getParameters()) {
            if (!gates.contains(p.getValue())) {
                out.add(p.getValue());
            }
        }
        return out;
    }
}
