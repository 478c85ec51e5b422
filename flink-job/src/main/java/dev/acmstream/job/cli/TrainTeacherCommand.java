package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.train.CtcTrainer;
import dev.acmstream.asr.train.TrainConfig;
import dev.acmstream.asr.train.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acm-stream train teacher}. */
@Command(name = "teacher", mixinStandardHelpOptions = true,
        description = {"Train the dense teacher with CTC under the streaming chunk mask.",
            "Logs steps/s, loss and ETA; scores greedy CER on dev every --eval-every steps and keeps the best",
            "model in --out; checkpoints weights and optimizer state every few minutes to --run.",
            "An interrupted run continues with --resume."})
public final class TrainTeacherCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "feature corpus from 'train corpus'")
    Path corpus;

    @Option(names = "--out", required = true, description = "model directory for the best model")
    Path out;

    @Option(names = "--run", description = "checkpoint directory (default: runs/<name of --out>)")
    Path run;

    @Option(names = "--resume", description = "continue from the last checkpoint in --run")
    boolean resume;

    @Option(names = "--steps", defaultValue = "20000", description = "total optimizer steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "1.5e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--warmup", defaultValue = "800", description = "warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-frames", defaultValue = "12000", description = "padded 10 ms frames per batch (default: ${DEFAULT-VALUE})")
    int batchFrames;

    @Option(names = "--eval-every", defaultValue = "500", description = "steps between dev evaluations (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--dev-utterances", defaultValue = "400", description = "dev utterances per evaluation (default: ${DEFAULT-VALUE})")
    int devUtterances;

    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "minutes between checkpoints (default: ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Option(names = "--max-hours", defaultValue = "0", description = "stop after this much wall time, 0 = no limit (default: ${DEFAULT-VALUE})")
    double maxHours;

    @Option(names = "--threads", defaultValue = "1", description = "intra-op threads; 1 when other work shares the machine (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "batch order, dropout and augmentation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--d-model", defaultValue = "256", description = "model width (default: ${DEFAULT-VALUE})")
    int dModel;

    @Option(names = "--layers", defaultValue = "8", description = "encoder layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--ffn", defaultValue = "1024", description = "feed-forward width (default: ${DEFAULT-VALUE})")
    int ffn;

    @Override
    public Integer call() throws Exception {
        Engines.configure(threads);
        Path runDir = run != null ? run : Path.of("runs", out.getFileName().toString());
        if (!resume && Files.exists(runDir.resolve("checkpoint/state.json"))) {
            throw new BadInputException(runDir + " holds a checkpoint: pass --resume to continue it, or choose another --run");
        }
        TrainingData data = new TrainingData(corpus);
        ModelConfig config = ModelConfig.DEFAULT.withLearners(0).withShape(dModel, heads, layers, ffn);
        TrainConfig tc = new TrainConfig(corpus, out, runDir, steps, lr, warmup, batchFrames, evalEvery, devUtterances,
                checkpointMinutes, 5f, 0.01f, seed, maxHours, TrainConfig.SPEC_AUGMENT_FROM_SCRATCH);
        try (NDManager manager = NDManager.newBaseManager()) {
            SpeechEncoder encoder = new SpeechEncoder(config).initialize(manager);
            encoder.setFeatureStats(data.stats().mean(), data.stats().std());
            CtcTrainer trainer = new CtcTrainer(tc, data, encoder, manager, CtcTrainer.LossHook.NONE, null, System.err);
            trainer.card().put("corpus", corpus.toString());
            trainer.card().put("trainHours", data.trainHours());
            trainer.card().put("steps", steps);
            trainer.card().put("peakLr", lr);
            trainer.card().put("batchFrames", batchFrames);
            trainer.card().put("threads", threads);
            if (resume && !trainer.resume()) {
                System.err.println("no checkpoint in " + runDir + "; starting fresh");
            }
            trainer.train();
        }
        return 0;
    }
}
