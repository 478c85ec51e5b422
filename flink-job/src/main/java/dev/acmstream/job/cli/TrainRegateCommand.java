package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.distill.DistillConfig;
import dev.acmstream.asr.distill.SensitivityGateRefit;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.train.GreedyEvaluation;
import dev.acmstream.asr.train.TrainingData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code acm-stream train regate}: refit a trained ACM model's gates by loss sensitivity, then recalibrate. */
@Command(name = "regate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Refit a trained ACM model's gates so that learners go to the tokens the output depends on, then recalibrate.",
            "The model runs at budget 1 (or --sensitivity-budget) on --utterances train utterances; a backward pass of the CTC loss gives each token's",
            "gradient g at every feed-forward output. Each gate then learns, per token, the error each learner removes times",
            "(|g|²)^p (p = --sensitivity-power; 0 is the module error alone, as phase 2). The learners do not change.",
            "The calibration is fitted again on the first --dev-utterances dev utterances (by id), and greedy figures on as",
            "many others compare the old gates and the new. Writes the model into --out (default: in place)."})
public final class TrainRegateCommand implements Callable<Integer> {
    @Mixin
    ModelEditOptions options = new ModelEditOptions();

    @Option(names = "--sensitivity-power", defaultValue = "0.25",
            description = "power of the loss sensitivity in the gate's labels, 0..4 (default: ${DEFAULT-VALUE})")
    double power;

    @Option(names = "--sensitivity-budget", defaultValue = "1",
            description = "budget the model runs at while the gradients are taken, [0.2, 1]; below 1 it needs the model's calibration "
                    + "(default: ${DEFAULT-VALUE})")
    double sensitivityBudget;

    @Option(names = "--utterances", defaultValue = "600", description = "train utterances the gates learn from (default: ${DEFAULT-VALUE})")
    int utterances;

    @Option(names = "--batch", defaultValue = "8", description = "utterances per forward and backward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        Path model = options.model;
        Path corpus = options.corpus;
        int threads = options.threads;
        if (!(power >= 0 && power <= 4)) {
            throw new BadInputException("--sensitivity-power must be within [0, 4]");
        }
        if (!(sensitivityBudget >= BudgetCalibration.MIN_BUDGET && sensitivityBudget <= 1)) {
            throw new BadInputException("--sensitivity-budget must be within [" + BudgetCalibration.MIN_BUDGET + ", 1]");
        }
        if (utterances < 1 || batch < 1) {
            throw new BadInputException("--utterances and --batch must be at least 1");
        }
        options.validate();
        Engines.configure(threads);
        Path target = options.target();
        PrintStream log = System.err;
        TrainingData data = new TrainingData(corpus);
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model); NDManager manager = NDManager.newBaseManager()) {
            data.normalizeFor(loaded.encoder(), log);
            if (!loaded.encoder().config().isAcm()) {
                throw new BadInputException(model + " is not an ACM model");
            }
            Acmization.DevSet dev = options.devSet(data);
            if (sensitivityBudget < 1 && loaded.calibration() == null) {
                throw new BadInputException(model + " has no calibration.json, so --sensitivity-budget below 1 has no policy");
            }
            ModelEdit edit = new ModelEdit(loaded, dev, data.corpus(), manager, log);
            LearnerPolicy policy = sensitivityBudget >= 1 ? LearnerPolicy.full() : loaded.calibration().policyFor(sensitivityBudget);
            Map<String, Object> refit = new SensitivityGateRefit(new SensitivityGateRefit.Settings(power, utterances, batch,
                    DistillConfig.DEFAULT, policy), log).run(loaded.encoder(), data, manager);
            refit.put("sensitivityBudget", sensitivityBudget);
            edit.finish(loaded.encoder(), model, target, "sensitivityGateRefit", refit);
            log.println("wrote the refitted gates and calibration.json to " + target);
        }
        return 0;
    }
}
