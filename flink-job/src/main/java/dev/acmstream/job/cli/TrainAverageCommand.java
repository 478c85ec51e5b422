package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.WeightAverage;
import dev.acmstream.asr.train.TrainingData;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code acm-stream train average}: the weight average of ACM models fine-tuned from one start, recalibrated. */
@Command(name = "average", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Average the weights of ACM models fine-tuned from one starting model (a model soup), then recalibrate.",
            "Every parameter of --model becomes the mean of its values in --model and the --with models; they must have one",
            "shape and one set of feature statistics. Runs from one start (several 'train finetune' runs of one model, say)",
            "average into a working model; models trained apart do not, so compare the greedy dev figures this prints.",
            "The calibration is fitted again on the first --dev-utterances dev utterances (by id), and greedy figures on as",
            "many others compare --model with the average. Writes the average into --out (default: in place, over --model)."})
public final class TrainAverageCommand implements Callable<Integer> {
    @Mixin
    ModelEditOptions options = new ModelEditOptions();

    @Option(names = "--with", required = true, split = ",", paramLabel = "MODEL",
            description = "the other ACM model directories to average with --model, comma-separated")
    List<Path> with;

    @Override
    public Integer call() throws Exception {
        options.validate();
        for (Path p : with) {
            if (!Files.exists(p.resolve("config.json"))) {
                throw new BadInputException("no model at " + p);
            }
        }
        Path model = options.model;
        Path target = options.target();
        Engines.configure(options.threads);
        PrintStream log = System.err;
        TrainingData data = new TrainingData(options.corpus);
        List<ModelDirectory.Loaded> others = new ArrayList<>();
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model); NDManager manager = NDManager.newBaseManager()) {
            data.normalizeFor(loaded.encoder(), log);
            if (!loaded.encoder().config().isAcm()) {
                throw new BadInputException(model + " is not an ACM model");
            }
            List<SpeechEncoder> encoders = new ArrayList<>();
            for (Path p : with) {
                ModelDirectory.Loaded other = ModelDirectory.load(p);
                others.add(other);
                encoders.add(other.encoder());
            }
            try {
                WeightAverage.requireAverageable(loaded.encoder(), encoders);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            Acmization.DevSet dev = options.devSet(data);
            ModelEdit edit = new ModelEdit(loaded, dev, data.corpus(), manager, log);
            WeightAverage.averageInto(loaded.encoder(), encoders);
            log.printf("averaged the weights of %d models%n", encoders.size() + 1);
            Map<String, Object> card = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            names.add(model.toString());
            with.forEach(p -> names.add(p.toString()));
            card.put("models", names);
            edit.finish(loaded.encoder(), model, target, "weightAverage", card);
            log.println("wrote the averaged model and its calibration.json to " + target);
        } finally {
            others.forEach(ModelDirectory.Loaded::close);
        }
        return 0;
    }
}
