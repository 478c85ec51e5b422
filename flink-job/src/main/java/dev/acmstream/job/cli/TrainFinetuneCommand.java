package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.distill.FixedGateFineTuning;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.train.TrainingData;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code acm-stream train finetune}: end-to-end fine-tuning of a trained ACM model under its own, fixed gates. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a trained ACM model end to end under its own gates, which stay fixed, then recalibrate.",
            "Each step samples a budget from [0.2, 1] and routes the batch by the gates' scores at that learner fraction, so the",
            "learners adapt to the routing they get at run time (after 'train regate', say). The loss is CTC plus",
            "--distill-weight times KL(teacher || student). Checkpoints go to --run every 10 minutes; run the same command",
            "again to resume. The best model by dev CER at budget 0.5 is calibrated on the first --dev-utterances dev",
            "utterances (by id), compared with the original on as many others, and written to --out (default: in place)."})
public final class TrainFinetuneCommand implements Callable<Integer> {
    @Mixin
    ModelEditOptions options = new ModelEditOptions();

    @Option(names = "--teacher", description = {"model whose posteriors the distillation term matches (default: the model card's teacher);",
        "an ACM model runs at budget 1, so the starting model itself gives self-distillation"})
    Path teacher;

    @Option(names = "--run", description = "working directory for checkpoints (default: runs/<name of --out>-finetune)")
    Path run;

    @Option(names = "--steps", defaultValue = "500", description = "optimizer steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "1.5e-4", description = "peak learning rate, cosine decay after 5 %% warm-up (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--distill-weight", defaultValue = "1.0",
            description = "weight of KL(teacher || student); 0 trains on CTC alone and needs no teacher (default: ${DEFAULT-VALUE})")
    float distillWeight;

    @Option(names = "--budget-skew", defaultValue = "1",
            description = "budgets per batch are 0.2 + 0.8·u^skew, u uniform; 1 is uniform, more trains low budgets more (default: ${DEFAULT-VALUE})")
    double budgetSkew;

    @Option(names = "--batch-frames", defaultValue = "12000", description = "padded frames per batch (default: ${DEFAULT-VALUE})")
    int batchFrames;

    @Option(names = "--eval-every", defaultValue = "250", description = "steps between dev evaluations (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--max-hours", defaultValue = "0",
            description = "stop with a checkpoint after this many hours; rerun to continue (default: ${DEFAULT-VALUE}, no limit)")
    double maxHours;

    @Option(names = "--seed", defaultValue = "1", description = "batch order and budget sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--spec-augment-full-at", defaultValue = "2",
            description = {"epoch from which SpecAugment runs at full strength, ramped in over the epoch before: 2 is none in the",
                "first epoch (as training from scratch does), 0 full strength from the first step (default: ${DEFAULT-VALUE})"})
    double specAugmentFullAt;

    @Override
    public Integer call() throws Exception {
        options.validate();
        FixedGateFineTuning.Settings settings;
        try {
            settings = new FixedGateFineTuning.Settings(steps, lr, distillWeight, budgetSkew, batchFrames, evalEvery, maxHours, seed,
                    specAugmentFullAt);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Path model = options.model;
        Path target = options.target();
        Path runDir = run != null ? run : Path.of("runs", target.getFileName() + "-finetune");
        Engines.configure(options.threads);
        PrintStream log = System.err;
        TrainingData data = new TrainingData(options.corpus);
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model); NDManager manager = NDManager.newBaseManager()) {
            data.normalizeFor(loaded.encoder(), log);
            if (!loaded.encoder().config().isAcm()) {
                throw new BadInputException(model + " is not an ACM model");
            }
            try {
                FixedGateFineTuning.checkResumable(runDir, FixedGateFineTuning.recipe(settings, loaded.encoder()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            Acmization.DevSet dev = options.devSet(data);
            Path teacherDir = distillWeight > 0 ? teacherOf(loaded) : null;
            try (ModelDirectory.Loaded teacherModel = teacherDir != null ? ModelDirectory.load(teacherDir) : null) {
                if (teacherModel != null && teacherModel.encoder().config().vocab() != loaded.encoder().config().vocab()) {
                    throw new BadInputException(teacherDir + " has " + teacherModel.encoder().config().vocab() + " output symbols, "
                            + model + " has " + loaded.encoder().config().vocab() + ": distillation needs the same vocabulary");
                }
                if (teacherModel != null && teacherModel.encoder().config().isAcm()) {
                    log.println("distilling from the ACM model " + teacherDir + " at budget 1");
                }
                ModelEdit edit = new ModelEdit(loaded, dev, data.corpus(), manager, log);
                Map<String, Object> card = new LinkedHashMap<>();
                SpeechEncoder tuned = new FixedGateFineTuning(settings, data, log).run(loaded.encoder(),
                        teacherModel == null ? null : teacherModel.encoder(), runDir, manager, card);
                if (tuned == null) {
                    log.println("stopped at the wall-time limit; run the same command again to continue");
                    return 0;
                }
                card.put("from", model.toString());
                if (teacherDir != null) {
                    card.put("teacher", teacherDir.toString());
                }
                edit.finish(tuned, model, target, "fixedGateFineTuning", card);
                log.println("wrote the fine-tuned model and its calibration.json to " + target);
            }
        }
        return 0;
    }

    private Path teacherOf(ModelDirectory.Loaded loaded) {
        if (teacher != null) {
            return requireModel(teacher);
        }
        Object named = loaded.descriptor().training().get("teacher");
        if (named == null) {
            throw new BadInputException(options.model + "'s card names no teacher: pass --teacher, or --distill-weight 0");
        }
        return requireModel(Path.of(named.toString()));
    }

    private static Path requireModel(Path p) {
        if (!Files.exists(p.resolve("config.json"))) {
            throw new BadInputException("no model at " + p);
        }
        return p;
    }
}
