package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.acm.LayerAllocation;
import dev.acmstream.asr.corpus.CorpusBuilder;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.distill.BudgetAllocator;
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

/** {@code acm-stream train allocate}: share each budget among the ACM layers by dev loss, then recalibrate. */
@Command(name = "allocate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Share each budget among an ACM model's layers where learners lower the loss most, then recalibrate.",
            "At each --budgets point, a search moves learner fraction between layers (the mean, and so the MACs, stays",
            "at the budget) while the CTC loss on --search-utterances dev utterances falls. The per-layer fractions,",
            "interpolated between the points, are then calibrated on the first --dev-utterances dev utterances (by id),",
            "as 'train acmize' does, and greedy figures on as many others compare the old and new calibrations.",
            "Writes calibration.json, allocation.json and allocation-search.json (the corpus, the search settings and",
            "each budget's losses) into --out; the weights do not change."})
public final class TrainAllocateCommand implements Callable<Integer> {
    @Mixin
    ModelEditOptions options = new ModelEditOptions();

    @Option(names = "--budgets", defaultValue = "0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", split = ",",
            description = "budgets searched; fractions interpolate between them (default: ${DEFAULT-VALUE})")
    double[] budgets;

    @Option(names = "--search-utterances", defaultValue = "120", description = "dev utterances whose loss the search lowers (default: ${DEFAULT-VALUE})")
    int searchUtterances;

    @Option(names = "--rounds", defaultValue = "6", description = "most search rounds per budget (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--step", defaultValue = "0.1", description = "fraction moved per round at first; it halves when a move fails (default: ${DEFAULT-VALUE})")
    double step;

    @Override
    public Integer call() throws Exception {
        Path model = options.model;
        Path corpus = options.corpus;
        int devUtterances = options.devUtterances;
        int threads = options.threads;
        for (int i = 0; i < budgets.length; i++) {
            if (!(budgets[i] >= BudgetCalibration.MIN_BUDGET && budgets[i] < 1) || i > 0 && budgets[i] <= budgets[i - 1]) {
                throw new BadInputException("--budgets must increase within [" + BudgetCalibration.MIN_BUDGET + ", 1)");
            }
        }
        if (searchUtterances < 1 || searchUtterances > devUtterances) {
            throw new BadInputException("--search-utterances must be 1..--dev-utterances");
        }
        if (!(step > 0 && step <= 0.5) || rounds < 0) {
            throw new BadInputException("--step must be in (0, 0.5] and --rounds at least 0");
        }
        options.validate();
        Engines.configure(threads);
        Path target = options.target();
        PrintStream log = System.err;
        TrainingData data = new TrainingData(corpus);
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model); NDManager manager = NDManager.newBaseManager()) {
            data.normalizeFor(loaded.encoder(), log);
            if (!loaded.encoder().config().isAcm() || loaded.calibration() == null) {
                throw new BadInputException(model + " is not a calibrated ACM model");
            }
            Acmization.DevSet dev = options.devSet(data);
            List<float[][]> calibration = dev.calibration();
            List<float[][]> figures = dev.figures();
            List<String> figureLabels = dev.figureLabels();
            List<int[]> searchLabels = new ArrayList<>();
            for (Utterance u : dev.split().calibration().subList(0, Math.min(searchUtterances, calibration.size()))) {
                searchLabels.add(TrainingData.labels(u));
            }
            List<float[][]> search = calibration.subList(0, searchLabels.size());
            log.printf(Locale.ROOT, "searching on %d dev utterances; calibrating on %d; figures on %d others%n", search.size(),
                    calibration.size(), figures.size());
            BudgetAllocator allocator = new BudgetAllocator(loaded.encoder(), search, searchLabels, 16, manager, log);
            long t0 = System.nanoTime();
            double[][] rows = new double[budgets.length][];
            List<Object> searchLog = new ArrayList<>();
            for (int i = 0; i < budgets.length; i++) {
                List<BudgetAllocator.Round> rs = allocator.search(budgets[i], rounds, step, step / 8);
                BudgetAllocator.Round last = rs.get(rs.size() - 1);
                rows[i] = last.fractions();
                searchLog.add(Map.of("budget", budgets[i], "uniformLoss", rs.get(0).loss(), "loss", last.loss(),
                        "fractions", last.fractions()));
                log.printf(Locale.ROOT, "budget %.3f: loss %.4f -> %.4f, fractions %s (%d passes, %.0f s so far)%n", budgets[i],
                        rs.get(0).loss(), last.loss(), format(last.fractions()), allocator.evaluations(), (System.nanoTime() - t0) / 1e9);
            }
            LayerAllocation allocation = new LayerAllocation(budgets, rows);
            BudgetCalibration cal = new BudgetCalibrator(loaded.encoder()).calibrate(calibration, BudgetCalibration.defaultGrid(),
                    allocation, manager, 16);
            log.println("budget  old: fraction  CER     WER    | allocated: fraction  CER     WER    (greedy, dev)");
            for (double b : Acmization.REPORT_BUDGETS) {
                if (b >= 1) {
                    continue;
                }
                GreedyEvaluation.Result before = GreedyEvaluation.run(loaded.encoder(), figures, figureLabels,
                        loaded.calibration().policyFor(b), manager);
                GreedyEvaluation.Result after = GreedyEvaluation.run(loaded.encoder(), figures, figureLabels, cal.policyFor(b), manager);
                log.printf(Locale.ROOT, "%.2f         %.3f   %.4f  %.4f |            %.3f   %.4f  %.4f%n", b, before.learnerFraction(),
                        before.cer(), before.wer(), after.learnerFraction(), after.cer(), after.wer());
            }
            if (!target.equals(model)) {
                ModelDirectory.copyFiles(model, target);
            }
            cal.write(target.resolve("calibration.json"));
            allocation.write(target.resolve("allocation.json"));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("corpus", CorpusBuilder.describe(corpus));
            record.put("searchUtterances", search.size());
            record.put("rounds", rounds);
            record.put("step", step);
            record.put("budgets", searchLog);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(target.resolve("allocation-search.json").toFile(), record);
            log.println("wrote calibration.json, allocation.json and allocation-search.json to " + target);
        }
        return 0;
    }

    private static String format(double[] f) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < f.length; i++) {
            sb.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%.3f", f[i]));
        }
        return sb.append(']').toString();
    }
}
