package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.recognizer.AudioFrontEnd;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.job.render.TokenLearnersPng;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code acm-stream bench per-token}: where an ACM model spends its learners in one recording. */
@Command(name = "per-token", mixinStandardHelpOptions = true,
        description = {"Run an ACM model over one recording at a budget and draw its log-mel spectrogram with the",
            "learners each token used (mean over layers) and the greedy CTC characters under it, like Figure 7",
            "of the ACM paper. Prints the mean learners per token in speech and in silence (blank) tokens."})
public final class BenchPerTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a WAV file (first channel)")
    Path file;

    @Option(names = "--model", description = "ACM model directory (default: models/acm)")
    Path model;

    @Option(names = "--budget", defaultValue = "0.5", description = "budget in [0.2, 1] (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--png", required = true, description = "the picture to write")
    Path png;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : Path.of("models/acm");
        if (!Files.exists(dir.resolve("config.json"))) {
            throw new BadInputException("no model at " + dir);
        }
        BudgetOptions.served("--budget", budget);
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        Engines.configure(1);
        DecodedAudio audio = new AudioFileDecoder().decode(file, 16000, 1);
        List<float[]> raw = AudioFrontEnd.frames(audio.samples()[0], audio.sampleRate());
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(dir); NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = loaded.encoder();
            ModelConfig c = enc.config();
            if (!c.isAcm() || loaded.calibration() == null) {
                throw new BadInputException(dir + " is not a calibrated ACM model");
            }
            float[][] feats = new float[raw.size()][];
            float[][] shown = new float[raw.size()][];
            for (int i = 0; i < raw.size(); i++) {
                shown[i] = raw.get(i).clone();
                feats[i] = raw.get(i).clone();
                enc.normalize(feats[i]);
            }
            LearnerPolicy policy = budget >= 1 ? LearnerPolicy.full() : loaded.calibration().policyFor(budget);
            FeatureBatch fb = FeatureBatch.of(java.util.Collections.singletonList(feats), c, m);
            ForwardContext ctx = ForwardContext.inference(m, policy);
            SpeechEncoder.Output out = enc.forward(fb.features(), fb.frames(), EncoderState.fresh(m, c, 1), ctx);
            int tokens = out.tokens()[0];
            long[] rowLearners = ctx.rowLearners();
            float[] logits = out.logits().toFloatArray();
            int v = c.vocab();
            double[] perToken = new double[tokens];
            char[] chars = new char[tokens];
            double speech = 0;
            double silence = 0;
            int speechN = 0;
            int silenceN = 0;
            int previous = -1;
            for (int t = 0; t < tokens; t++) {
                perToken[t] = rowLearners[t] / (double) c.layers();
                int best = 0;
                for (int j = 1; j < v; j++) {
                    if (logits[t * v + j] > logits[t * v + best]) {
                        best = j;
                    }
                }
                chars[t] = best == Vocabulary.BLANK || best == previous ? 0 : Vocabulary.symbol(best);
                previous = best;
                if (best == Vocabulary.BLANK) {
                    silence += perToken[t];
                    silenceN++;
                } else {
                    speech += perToken[t];
                    speechN++;
                }
            }
            TokenLearnersPng.write(shown.length == 0 ? new float[1][80] : shown, perToken, c.learners(), chars,
                    String.format(Locale.ROOT, "%s - %s at budget %.2f", file.getFileName(), dir.getFileName(), budget), png);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%d tokens, mean learners per token %.2f of %d: %.2f on %d non-blank tokens, %.2f on %d blank tokens; wrote %s%n",
                    tokens, (speech + silence) / Math.max(1, tokens), c.learners(), speech / Math.max(1, speechN), speechN,
                    silence / Math.max(1, silenceN), silenceN, png);
        }
        return 0;
    }
}
