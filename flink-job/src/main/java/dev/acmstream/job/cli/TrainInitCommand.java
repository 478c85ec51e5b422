package dev.acmstream.job.cli;

import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.UntrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acm-stream train init}: an untrained model directory of the default shape. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a model directory with random weights in the default shape (d=256, 8 layers, F=1024).",
            "Its transcripts are gibberish: it is for speed benchmarks and deployment smoke tests before a",
            "trained model exists. ACM models (the default) get a budget calibration fitted on random features."})
public final class TrainInitCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Option(names = "--learners", defaultValue = "4", description = "ACM learners per layer; 0 for a dense model (default: ${DEFAULT-VALUE})")
    int learners;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "overwrite an existing model directory")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out.resolve("config.json")) && !force) {
            throw new BadInputException(out + " already holds a model; pass --force to overwrite it");
        }
        ModelConfig c;
        try {
            c = ModelConfig.DEFAULT.withLearners(learners);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Engines.configure(1);
        UntrainedModel.write(out, c, seed);
        spec.commandLine().getOut().println("wrote an untrained " + (c.isAcm() ? "ACM (N=" + learners + ")" : "dense")
                + " model to " + out);
        return 0;
    }
}
