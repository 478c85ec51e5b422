package dev.acmstream.job.cli;

import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.distill.DistillConfig;
import dev.acmstream.asr.train.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acm-stream train acmize}: a dense teacher into an ACM model that serves any budget. */
@Command(name = "acmize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distil a dense teacher into an ACM model (Wojcik et al., arXiv 2312.10193).",
            "Caches the teacher's feed-forward activations (fp16, in --run), splits every feed-forward into",
            "--learners learners (most important hidden units first), then phase 1: each layer's learners learn",
            "the teacher block's output, every prefix at once; phase 2: each gate learns what each learner is",
            "worth per token; phase 3 (--e2e-steps): end-to-end CTC + distillation at a budget sampled per batch.",
            "The budget is calibrated on dev utterances and the figures per budget go in the model card.",
            "Progress is saved after every layer and every few minutes of phase 3; run the same command again to resume."})
public final class TrainAcmizeCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, description = "dense teacher model directory")
    Path teacher;

    @Option(names = "--corpus", required = true, description = "feature corpus from 'train corpus'")
    Path corpus;

    @Option(names = "--out", required = true, description = "model directory for the ACM model")
    Path out;

    @Option(names = "--run", description = "working directory for the cache and per-layer progress (default: runs/<name of --out>)")
    Path run;

    @Option(names = "--learners", defaultValue = "4", description = "learners N per layer (default: ${DEFAULT-VALUE})")
    int learners;

    @Option(names = "--cache-tokens", defaultValue = "120000",
            description = "teacher tokens to cache, 25 per audio second; 4*d bytes per token and layer (default: ${DEFAULT-VALUE})")
    long cacheTokens;

    @Option(names = "--module-steps", defaultValue = "1500", description = "phase 1 steps per layer (default: ${DEFAULT-VALUE})")
    int moduleSteps;

    @Option(names = "--gate-steps", defaultValue = "800", description = "phase 2 steps per layer (default: ${DEFAULT-VALUE})")
    int gateSteps;

    @Option(names = "--batch-tokens", defaultValue = "1024", description = "tokens per step (default: ${DEFAULT-VALUE})")
    int batchTokens;

    @Option(names = "--e2e-steps", defaultValue = "0",
            description = "phase 3 (end-to-end fine-tuning) steps; 0 stops after phase 2 (default: ${DEFAULT-VALUE})")
    int e2eSteps;

    @Option(names = "--e2e-lr", defaultValue = "3e-4", description = "phase 3 peak learning rate (default: ${DEFAULT-VALUE})")
    float e2eLr;

    @Option(names = "--distill-weight", defaultValue = "1.0", description = "phase 3 weight of KL(teacher || student) (default: ${DEFAULT-VALUE})")
    float distillWeight;

    @Option(names = "--gate-weight", defaultValue = "0.1", description = "phase 3 weight of the gates' live regression loss (default: ${DEFAULT-VALUE})")
    float gateWeight;

    @Option(names = "--static-width", split = ",", paramLabel = "K",
            description = "train the static-width baseline instead: phase 3 with every token of a batch at K learners; with a list, "
                    + "K is drawn per batch from it, so one baseline serves every listed width (default: off)")
    int[] staticWidths = new int[0];

    @Option(names = "--budget-skew", defaultValue = "1",
            description = "phase 3 draws the budget per batch as 0.2 + 0.8*u^SKEW, u uniform in [0, 1): 1 is uniform, 2 trains "
                    + "budgets below 0.375 in 47%% of the steps instead of 22%% (default: ${DEFAULT-VALUE})")
    double budgetSkew;

    @Option(names = "--static-mix", defaultValue = "0",
            description = "phase 3 runs this fraction of the ACM's steps at a static width: every token of the batch at "
                    + "round(b*N) learners for the sampled budget b, the rest through the gate (default: ${DEFAULT-VALUE})")
    double staticMix;

    @Option(names = "--refit-gate",
            description = "after phase 3, refit every gate as in phase 2 (seconds) with the fine-tuned learners' own output as the "
                    + "target; with --static-width this gives the static-width model a gate of its own")
    boolean refitGate;

    @Option(names = "--batch-frames", defaultValue = "12000", description = "phase 3 padded frames per batch (default: ${DEFAULT-VALUE})")
    int batchFrames;

    @Option(names = "--eval-every", defaultValue = "500", description = "phase 3 steps between dev evaluations (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--max-hours", defaultValue = "0",
            description = "stop phase 3 after this much wall time, with a checkpoint; 0 = no limit (default: ${DEFAULT-VALUE})")
    double maxHours;

    @Option(names = "--dev-utterances", defaultValue = "300", description = "dev utterances for calibration, and as many others for the figures (default: ${DEFAULT-VALUE})")
    int devUtterances;

    @Option(names = "--threads", defaultValue = "1", description = "intra-op threads; 1 when other work shares the machine (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "cache sample and token sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(teacher.resolve("config.json"))) {
            throw new BadInputException("no model at " + teacher);
        }
        if (cacheTokens < 1000) {
            throw new BadInputException("--cache-tokens must be at least 1000, got " + cacheTokens);
        }
        DistillConfig dc;
        try {
            dc = new DistillConfig(moduleSteps, gateSteps, batchTokens, DistillConfig.DEFAULT.moduleLr(), DistillConfig.DEFAULT.gateLr(),
                    DistillConfig.DEFAULT.heldOutFraction(), seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Path runDir = run != null ? run : Path.of("runs", out.getFileName().toString());
        for (int k : staticWidths) {
            if (k < 1 || k > learners) {
                throw new BadInputException("--static-width must be 1.." + learners + ", got " + k);
            }
        }
        if (!(budgetSkew >= 1 && budgetSkew <= 8)) {
            throw new BadInputException("--budget-skew must be in [1, 8], got " + budgetSkew);
        }
        if (staticWidths.length > 0 && budgetSkew != 1) {
            throw new BadInputException("--budget-skew is for the ACM's budgets; weight static widths by repeating them in --static-width");
        }
        if (!(staticMix >= 0 && staticMix < 1)) {
            throw new BadInputException("--static-mix must be in [0, 1), got " + staticMix);
        }
        if (staticWidths.length > 0 && staticMix != 0) {
            throw new BadInputException("--static-mix is for the ACM model; --static-width trains every step at a static width already");
        }
        if (refitGate && e2eSteps <= 0) {
            throw new BadInputException("--refit-gate refits the gates after phase 3: pass --e2e-steps too");
        }
        if (staticWidths.length > 0 && e2eSteps <= 0) {
            throw new BadInputException("--static-width trains in phase 3: pass --e2e-steps too");
        }
        Acmization.EndToEnd e2e = new Acmization.EndToEnd(e2eSteps, e2eLr, distillWeight, gateWeight, staticWidths, batchFrames, evalEvery,
                maxHours, budgetSkew, staticMix, refitGate);
        if (e2eSteps > 0) {
            // Before phases 1-2 (about 12 min), not after them.
            try {
                Acmization.checkResumable(runDir, e2e);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        Engines.configure(threads);
        TrainingData data = new TrainingData(corpus);
        new Acmization(new Acmization.Settings(teacher, out, runDir, learners, cacheTokens, devUtterances, dc, e2e), data, System.err).run();
        carryDecoderTuning(teacher, out);
        return 0;
    }

    /**
     * The student decodes with the LM weight, word bonus and blank penalty tuned for its teacher (same vocabulary, same
     * LM), so that eval and bench compare them alike; without the file the decoder's untuned defaults
     * would apply. A tuning already in --out (from 'train tune-decoder') is kept.
     */
    static void carryDecoderTuning(Path teacher, Path out) throws java.io.IOException {
        Path from = teacher.resolve(DecoderTuning.FILE);
        Path to = out.resolve(DecoderTuning.FILE);
        if (Files.exists(from) && !Files.exists(to) && Files.isDirectory(out)) {
            Files.copy(from, to);
            System.err.println("copied the teacher's decoder tuning to " + to);
        }
    }
}
