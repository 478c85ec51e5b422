package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.train.CtcTrainer;
import dev.acmstream.asr.train.GreedyEvaluation;
import dev.acmstream.asr.train.TrainConfig;
import dev.acmstream.asr.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code train acmize}, phases 1 and 2 of Wójcik et al.: the teacher's activations are cached,
 * the teacher is split into an ACM model ({@link AcmConversion}), every layer's learners are
 * distilled from its feed-forward ({@link ModuleDistiller}), every gate learns the worth of each
 * learner ({@link GateTrainer}), and the budget is calibrated on dev utterances. Each phase
 * saves its model to the run directory after every layer, so an interrupted run resumes at the
 * next layer.
 */
public final class Acmization {
    /**
     * @param cacheTokens teacher tokens cached for phases 1 and 2 (fp16, 4·d bytes each per layer)
     * @param devUtterances dev utterances for calibration, and as many others for the figures
     */
    public record Settings(Path teacher, Path out, Path run, int learners, long cacheTokens, int devUtterances, DistillConfig distill,
                           EndToEnd endToEnd) {
    }

    /**
     * Phase 3 settings.
     *
     * @param steps optimizer steps; 0 skips phase 3
     * @param peakLr peak learning rate (cosine decay after 5 % warm-up)
     * @param distillWeight weight of KL(teacher ‖ student) on the CTC posteriors
     * @param gateWeight weight of the gates' live regression loss, summed over layers
     * @param staticWidths empty for the ACM model; widths in 1..N train the static-width baseline
     *     instead, k drawn per batch from them
     * @param maxHours stop (with a checkpoint; rerun to continue) after this much wall time, 0 for none
     * @param budgetSkew the ACM's budget per batch is b_min + (1 − b_min)·u^budgetSkew, u uniform (1: uniform budgets)
     * @param staticMix the fraction of the ACM's steps that run their budget as a static width round(b·N) (0: none)
     * @param refitGate after phase 3, refit every gate as in phase 2 with the fine-tuned learners' own full
     *     output as the target ({@link GateTrainer#ownTargets}); a static-width run's gates are otherwise phase 2's
     */
    public record EndToEnd(int steps, float peakLr, float distillWeight, float gateWeight, int[] staticWidths, int batchFrames,
                           int evalEvery, double maxHours, double budgetSkew, double staticMix, boolean refitGate) {
        public static final EndToEnd NONE = new EndToEnd(0, 3e-4f, 1f, 0.1f, new int[0], 12_000, 500, 0, 1, 0, false);

        boolean isStatic() {
            return staticWidths.length > 0;
        }

        String staticName() {
            return Arrays.stream(staticWidths).mapToObj(String::valueOf).collect(Collectors.joining("-"));
        }

        /**
         * The phase-3 progress directory's name, from every setting that selects a different
         * experiment: the static widths, or the budget skew and the static mix, written exactly.
         */
        public String progressName() {
            if (isStatic()) {
                return "phase3-static" + staticName();
            }
            StringBuilder name = new StringBuilder("phase3");
            if (budgetSkew != 1) {
                name.append("-skew").append(TrainingRecipe.plain(budgetSkew));
            }
            if (staticMix != 0) {
                name.append("-mix").append(TrainingRecipe.plain(staticMix));
            }
            return name.toString();
        }

        /**
         * The settings a resumed phase 3 must share with the run it resumes. The step count, the
         * evaluation interval and the wall-time limit may change between runs (to extend a run).
         */
        public Map<String, String> recipe() {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("peakLr", TrainingRecipe.plain(peakLr));
            r.put("distillWeight", TrainingRecipe.plain(distillWeight));
            r.put("gateWeight", TrainingRecipe.plain(gateWeight));
            r.put("staticWidths", staticName());
            r.put("batchFrames", Integer.toString(batchFrames));
            r.put("budgetSkew", TrainingRecipe.plain(budgetSkew));
            r.put("staticMix", TrainingRecipe.plain(staticMix));
            return r;
        }
    }

    /** The file in a phase-3 progress directory that records its {@link EndToEnd#recipe()}. */
    static final String RECIPE_FILE = TrainingRecipe.FILE;

    /**
     * Refuses to resume a phase-3 run under other settings than it started with, so that a
     * resumed run is one experiment. A progress directory without a recipe (written before the
     * recipe was recorded) is accepted.
     *
     * @throws IllegalArgumentException naming the settings that differ
     */
    public static void checkResumable(Path run, EndToEnd e) throws IOException {
        TrainingRecipe.check(run.resolve(e.progressName()), e.recipe());
    }

    /** Budgets at which the final figures are measured. */
    public static final double[] REPORT_BUDGETS = {1.0, 0.75, 0.5, 0.35, 0.25};

    private final Settings s;
    private final TrainingData data;
    private final PrintStream log;

    public Acmization(Settings settings, TrainingData data, PrintStream log) {
        this.s = settings;
        this.data = data;
        this.log = log;
    }

    public void run() throws IOException {
        Files.createDirectories(s.run());
        try (NDManager manager = NDManager.newBaseManager(); ModelDirectory.Loaded teacher = ModelDirectory.load(s.teacher())) {
            if (teacher.encoder().config().isAcm()) {
                throw new IllegalArgumentException(s.teacher() + " is an ACM model; acmize needs a dense teacher");
            }
            data.normalizeFor(teacher.encoder(), log);
            Path cache = s.run().resolve("cache");
            ActivationCache.Meta meta;
            if (ActivationCache.exists(cache)) {
                meta = ActivationCache.meta(cache);
                log.printf(Locale.ROOT, "using the activation cache in %s: %d tokens of %d utterances%n", cache, meta.tokens(), meta.utterances());
            } else {
                meta = ActivationCache.build(teacher.encoder(), cacheUtterances(), s.cacheTokens(), 16, cache, manager, log);
            }
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("teacher", s.teacher().toString());
            card.put("cache", Map.of("tokens", meta.tokens(), "utterances", meta.utterances(), "audioHours", meta.audioSeconds() / 3600,
                    "bytes", 4L * meta.tokens() * meta.dModel() * meta.layers(), "precision", "fp16"));
            card.put("distill", s.distill());

            Path p1 = s.run().resolve("phase1");
            SpeechEncoder student = phase1(teacher.encoder(), cache, p1, manager, card);
            Path p2 = s.run().resolve("phase2");
            student = phase2(student, cache, p2, manager, card);
            if (s.endToEnd().steps() > 0) {
                student = phase3(student, teacher.encoder(), manager, card);
                if (student == null) {
                    log.println("phase 3 stopped at its wall-time limit; run the same command again to continue");
                    return;
                }
                if (s.endToEnd().refitGate()) {
                    student = refitGates(student, cache, manager, card);
                }
            }

            DevSet dev = DevSet.load(data, s.devUtterances());
            List<float[][]> calFeatures = dev.calibration();
            List<float[][]> devFeatures = dev.figures();
            List<String> devLabels = dev.figureLabels();
            log.println("calibrating the budget on " + calFeatures.size() + " dev utterances; figures on " + devFeatures.size() + " others");
            BudgetCalibration cal = new BudgetCalibrator(student).calibrate(calFeatures, BudgetCalibration.defaultGrid(), manager, 16);
            List<Map<String, Object>> figures = new ArrayList<>();
            GreedyEvaluation.Result t = GreedyEvaluation.run(teacher.encoder(), devFeatures, devLabels, LearnerPolicy.full(), manager);
            log.printf(Locale.ROOT, "teacher: dev greedy CER %.4f WER %.4f%n", t.cer(), t.wer());
            card.put("teacherDevGreedy", Map.of("cer", t.cer(), "wer", t.wer()));
            for (double b : REPORT_BUDGETS) {
                GreedyEvaluation.Result r = GreedyEvaluation.run(student, devFeatures, devLabels,
                        b >= 1 ? LearnerPolicy.full() : cal.policyFor(b), manager);
                log.printf(Locale.ROOT, "budget %.2f: realised fraction %.3f, dev greedy CER %.4f WER %.4f%n", b, r.learnerFraction(), r.cer(), r.wer());
                figures.add(Map.of("budget", b, "learnerFraction", r.learnerFraction(), "cer", r.cer(), "wer", r.wer(),
                        "encoderMacs", r.encoderMacs()));
            }
            card.put("devGreedyByBudget", figures);
            card.put("phases", s.endToEnd().steps() > 0 ? "1 (module-wise), 2 (gate), 3 (end-to-end)"
                    : "1 (module-wise) and 2 (gate); no end-to-end fine-tuning");
            ModelDirectory.save(student, cal, card, s.out());
            log.println("saved the ACM model to " + s.out());
        }
    }

    /**
     * Dev utterances for calibration and for the figures, disjoint so that realised fractions are
     * measured, not fitted: the first {@code devUtterances} by id calibrate, the next as many are
     * measured on.
     */
    public record DevSplit(List<Utterance> calibration, List<Utterance> figures) {
    }

    /** A {@link DevSplit} with its features read: the calibration half, and the figure half with its labels. */
    public record DevSet(DevSplit split, List<float[][]> calibration, List<float[][]> figures, List<String> figureLabels) {
        public static DevSet load(TrainingData data, int devUtterances) throws IOException {
            DevSplit split = devSplit(data, devUtterances);
            List<float[][]> calibration = new ArrayList<>();
            for (Utterance u : split.calibration()) {
                calibration.add(data.features(u));
            }
            List<float[][]> figures = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Utterance u : split.figures()) {
                figures.add(data.features(u));
                labels.add(u.label());
            }
            return new DevSet(split, calibration, figures, labels);
        }
    }

    public static DevSplit devSplit(TrainingData data, int devUtterances) {
        List<Utterance> dev = data.dev().stream().sorted(Comparator.comparing(Utterance::id)).limit(2L * devUtterances).toList();
        int half = dev.size() / 2;
        return new DevSplit(dev.subList(0, half), dev.subList(half, dev.size()));
    }

    /** Train utterances in a seeded random order: the cache sees every kind of voice and text. */
    private List<float[][]> cacheUtterances() throws IOException {
        List<Utterance> order = data.trainInSeededOrder(s.distill().seed());
        // About 25 tokens per second of audio: take enough utterances for the token budget, with margin.
        List<float[][]> out = new ArrayList<>();
        double tokens = 0;
        for (Utterance u : order) {
            if (tokens >= s.cacheTokens() * 1.05) {
                break;
            }
            out.add(data.features(u));
            tokens += u.seconds() * 25;
        }
        return out;
    }

    private SpeechEncoder phase1(SpeechEncoder teacher, Path cache, Path dir, NDManager manager, Map<String, Object> card) throws IOException {
        int layers = teacher.config().layers();
        SpeechEncoder student;
        int done = layersDone(dir);
        List<Object> results = new ArrayList<>(previous(dir, "phase1"));
        if (done > 0) {
            student = ModelDirectory.load(dir).encoder();
            log.println("phase 1: resuming after layer " + (done - 1));
        } else {
            float[][] samples = new float[layers][];
            for (int l = 0; l < layers; l++) {
                samples[l] = ActivationCache.loadInputs(cache, l, 4096);
            }
            student = AcmConversion.fromTeacher(teacher, s.learners(), manager, samples);
        }
        ModuleDistiller distiller = new ModuleDistiller(s.distill(), log);
        for (int l = done; l < layers; l++) {
            ModuleDistiller.Result r = distiller.distill(l, ffn(student, l), ActivationCache.load(cache, l), manager);
            results.add(Map.of("layer", l, "relativeErrorByKBefore", r.before(), "relativeErrorByKAfter", r.after(), "seconds", r.seconds()));
            save(student, dir, "phase1", l + 1, results);
        }
        card.put("phase1", results);
        return student;
    }

    private SpeechEncoder phase2(SpeechEncoder student, Path cache, Path dir, NDManager manager, Map<String, Object> card) throws IOException {
        int layers = student.config().layers();
        int done = layersDone(dir);
        List<Object> results = new ArrayList<>(previous(dir, "phase2"));
        if (done > 0) {
            student = ModelDirectory.load(dir).encoder();
            log.println("phase 2: resuming after layer " + (done - 1));
        }
        GateTrainer trainer = new GateTrainer(s.distill(), log);
        for (int l = done; l < layers; l++) {
            GateTrainer.Result r = trainer.train(l, ffn(student, l), ActivationCache.load(cache, l), manager);
            results.add(gateCard(r));
            save(student, dir, "phase2", l + 1, results);
        }
        card.put("phase2", results);
        return student;
    }

    /**
     * Phase 2 again after phase 3, each gate from where phase 3 left it, on the fine-tuned learners'
     * own output (seconds; nothing to resume).
     */
    private SpeechEncoder refitGates(SpeechEncoder student, Path cache, NDManager manager, Map<String, Object> card) throws IOException {
        GateTrainer trainer = new GateTrainer(s.distill(), log);
        List<Object> results = new ArrayList<>();
        for (int l = 0; l < student.config().layers(); l++) {
            AcmFeedForward acm = ffn(student, l);
            GateTrainer.Result r = trainer.train("gate refit", l, acm, GateTrainer.ownTargets(acm, ActivationCache.load(cache, l), manager), manager);
            results.add(gateCard(r));
        }
        card.put("gateRefit", results);
        return student;
    }

    /** Phase 3 with the CTC trainer; null when it stopped at its wall-time limit before the last step. */
    private SpeechEncoder phase3(SpeechEncoder student, SpeechEncoder teacher, NDManager manager, Map<String, Object> card) throws IOException {
        EndToEnd e = s.endToEnd();
        String name = e.progressName();
        Path dir = s.run().resolve(name);
        TrainingRecipe.check(dir, e.recipe());
        TrainingRecipe.record(dir, e.recipe());
        TrainConfig tc = new TrainConfig(data.corpus(), dir.resolve("best"), dir, e.steps(), e.peakLr(), Math.max(1, e.steps() / 20),
                e.batchFrames(), e.evalEvery(), Math.min(200, s.devUtterances()), 10, 5f, 0.01f, s.distill().seed(), e.maxHours(),
                TrainConfig.SPEC_AUGMENT_FROM_SCRATCH);
        AcmFineTuning hook = e.isStatic()
                ? AcmFineTuning.staticWidth(student, teacher, e.distillWeight(), e.staticWidths())
                : new AcmFineTuning(student, teacher, e.distillWeight(), e.gateWeight(), BudgetCalibration.MIN_BUDGET, 0.5, e.budgetSkew(),
                        e.staticMix());
        CtcTrainer trainer = new CtcTrainer(tc, data, student, manager, hook, null, log);
        trainer.card().put("phase", name);
        if (trainer.resume()) {
            log.println(name + ": resumed");
        }
        trainer.train();
        if (trainer.state().step() < e.steps()) {
            return null;
        }
        Map<String, Object> p3 = new LinkedHashMap<>();
        p3.put("steps", e.steps());
        p3.put("peakLr", e.peakLr());
        p3.put("distillWeight", e.distillWeight());
        p3.put("gateWeight", e.gateWeight());
        p3.put("staticWidths", e.staticWidths());
        p3.put("budgetSampling", e.isStatic() ? "static width k drawn uniformly per batch from " + e.staticName()
                : e.budgetSkew() == 1 ? "uniform in [0.2, 1] per batch, batch-quantile thresholds"
                : String.format(Locale.ROOT, "0.2 + 0.8·u^%.2f per batch (u uniform), batch-quantile thresholds", e.budgetSkew()));
        p3.put("staticMix", e.staticMix());
        p3.put("bestDevGreedyCerAtEvalBudget", trainer.state().bestDevCer());
        p3.put("wallHours", trainer.state().wallSeconds() / 3600);
        p3.put("audioHoursSeen", trainer.state().audioSeconds() / 3600);
        p3.put("gateGradient", "none from the task loss (hard thresholds); the gate keeps regressing live log-worth labels of the "
                + "current learners, weight gateWeight per layer");
        card.put(name, p3);
        // The best checkpoint by dev CER, not the last step.
        return ModelDirectory.load(tc.out()).encoder();
    }

    /** A gate training's figures for the model card. */
    static Map<String, Object> gateCard(GateTrainer.Result r) {
        return Map.of("layer", r.layer(), "labelMseBefore", r.labelMseBefore(), "labelMseAfter", r.labelMseAfter(),
                "fractions", GateTrainer.BUDGETS, "gateRelativeError", r.gateError(), "staticRelativeError", r.staticError(),
                "perfectGateRelativeError", r.oracleError(), "seconds", r.seconds());
    }

    private static AcmFeedForward ffn(SpeechEncoder e, int layer) {
        return (AcmFeedForward) e.layers().get(layer).feedForward();
    }

    private static int layersDone(Path dir) throws IOException {
        if (!Files.exists(dir.resolve("config.json"))) {
            return 0;
        }
        Object v = ModelDirectory.readDescriptor(dir).training().get("layersDone");
        return v instanceof Number n ? n.intValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> previous(Path dir, String key) throws IOException {
        if (!Files.exists(dir.resolve("config.json"))) {
            return List.of();
        }
        Object v = ModelDirectory.readDescriptor(dir).training().get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static void save(SpeechEncoder student, Path dir, String key, int layersDone, List<Object> results) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("layersDone", layersDone);
        card.put(key, results);
        ModelDirectory.save(student, null, card, dir, true);
    }
}
