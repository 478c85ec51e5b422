package dev.acmstream.job.cli;

import dev.acmstream.asr.distill.Acmization;
import dev.acmstream.asr.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a command that writes a changed copy of a trained ACM model (`train allocate`,
 * `train regate`, `train finetune`, `train average`): the model, the corpus its dev split comes
 * from, where the copy goes, how many dev utterances calibrate it, and the intra-op threads.
 */
final class ModelEditOptions {
    @Option(names = "--model", required = true, description = "ACM model directory")
    Path model;

    @Option(names = "--corpus", required = true, description = "feature corpus from 'train corpus'")
    Path corpus;

    @Option(names = "--out", description = "model directory to write (default: --model, in place)")
    Path out;

    @Option(names = "--dev-utterances", defaultValue = "300",
            description = "dev utterances for calibration, and as many others for the figures (default: ${DEFAULT-VALUE})")
    int devUtterances;

    @Option(names = "--threads", defaultValue = "1", description = "intra-op threads; 1 when other work shares the machine (default: ${DEFAULT-VALUE})")
    int threads;

    /** Refuses a missing model or corpus and counts below 1, with the flag to fix. */
    void validate() {
        if (!Files.exists(model.resolve("config.json"))) {
            throw new BadInputException("no model at " + model);
        }
        if (!Files.isDirectory(corpus.resolve("features"))) {
            throw new BadInputException("no feature corpus at " + corpus + " (make one with 'train corpus')");
        }
        if (devUtterances < 1 || threads < 1) {
            throw new BadInputException("--dev-utterances and --threads must be at least 1");
        }
    }

    /**
     * The dev utterances the edited model is calibrated on and measured on (the first
     * {@code --dev-utterances} by id, then as many others); refuses a corpus with too few.
     */
    Acmization.DevSet devSet(TrainingData data) throws IOException {
        Acmization.DevSet dev = Acmization.DevSet.load(data, devUtterances);
        if (dev.calibration().isEmpty()) {
            throw new BadInputException(corpus + " has too few dev utterances");
        }
        return dev;
    }

    /** Where the edited model goes. */
    Path target() {
        return out != null ? out : model;
    }
}
