package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.corpus.CorpusBuilder;
import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.train.GreedyEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a command that changes a trained ACM model ({@code train regate}, {@code train
 * finetune}): greedy dev figures of the model as it was (read again from its directory), a new
 * calibration of the changed model, its figures beside the old, and the changed model written with
 * its card extended.
 */
final class ModelEdit {
    private final ModelDirectory.Loaded original;
    private final Acmization.DevSet dev;
    private final Path corpus;
    private final NDManager manager;
    private final PrintStream log;

    /** Nothing is measured yet: a run that stops early (at its wall-time limit) costs no dev evaluation. */
    ModelEdit(ModelDirectory.Loaded original, Acmization.DevSet dev, Path corpus, NDManager manager, PrintStream log) {
        this.original = original;
        this.dev = dev;
        this.corpus = corpus;
        this.manager = manager;
        this.log = log;
    }

    /**
     * The model as it was, at every reported budget below 1 (none when it has no calibration). It is
     * loaded again from {@code model}, since the edit changed the loaded weights in place.
     */
    private List<GreedyEvaluation.Result> before(Path model) throws IOException {
        List<GreedyEvaluation.Result> out = new ArrayList<>();
        try (ModelDirectory.Loaded unchanged = ModelDirectory.load(model)) {
            if (unchanged.calibration() != null) {
                for (double b : budgetsBelowOne()) {
                    out.add(GreedyEvaluation.run(unchanged.encoder(), dev.figures(), dev.figureLabels(),
                            unchanged.calibration().policyFor(b), manager));
                }
            }
        }
        return out;
    }

    /**
     * Calibrates {@code edited} on the dev calibration half, prints its figures beside the original's,
     * adds them to {@code facts} and writes the model, with {@code facts} under {@code key} in its
     * card (with the corpus it was edited on), to {@code target} (with the original's other files when it is another directory). When
     * the original's card already holds an entry under {@code key} (the same edit made before), it
     * is kept as {@code facts.previous}, so the card records every edit, newest first.
     */
    void finish(SpeechEncoder edited, Path model, Path target, String key, Map<String, Object> facts) throws IOException {
        List<GreedyEvaluation.Result> before = before(model);
        log.printf(Locale.ROOT, "calibrating on %d dev utterances%n", dev.calibration().size());
        BudgetCalibration cal = new BudgetCalibrator(edited).calibrate(dev.calibration(), BudgetCalibration.defaultGrid(), manager, 16);
        log.println("budget  before:   fraction  CER     WER    | after:    fraction  CER     WER    (greedy, dev)");
        List<Object> figures = new ArrayList<>();
        double[] budgets = budgetsBelowOne();
        for (int i = 0; i < budgets.length; i++) {
            GreedyEvaluation.Result after = GreedyEvaluation.run(edited, dev.figures(), dev.figureLabels(), cal.policyFor(budgets[i]), manager);
            GreedyEvaluation.Result old = before.isEmpty() ? null : before.get(i);
            log.printf(Locale.ROOT, "%.2f    %s |           %.3f   %.4f  %.4f%n", budgets[i],
                    old == null ? "(no calibration)          " : String.format(Locale.ROOT, "          %.3f   %.4f  %.4f", old.learnerFraction(),
                            old.cer(), old.wer()), after.learnerFraction(), after.cer(), after.wer());
            figures.add(Map.of("budget", budgets[i], "learnerFraction", after.learnerFraction(), "cer", after.cer(), "wer", after.wer()));
        }
        facts.put("devGreedy", figures);
        facts.put("devUtterances", dev.figures().size());
        facts.put("corpus", CorpusBuilder.describe(corpus));
        if (!target.equals(model)) {
            ModelDirectory.copyFiles(model, target);
        }
        Map<String, Object> training = new LinkedHashMap<>(original.descriptor().training());
        Object earlier = training.get(key);
        if (earlier != null) {
            facts.put("previous", earlier);
        }
        training.put(key, facts);
        ModelDirectory.save(edited, cal, training, target);
    }

    private static double[] budgetsBelowOne() {
        return Arrays.stream(Acmization.REPORT_BUDGETS).filter(b -> b < 1).toArray();
    }
}
