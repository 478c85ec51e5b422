package dev.acmstream.job.cli;

import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.asr.eval.Evaluator;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.asr.recognizer.EndpointConfig;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream train tune-decoder}. */
@Command(name = "tune-decoder", mixinStandardHelpOptions = true,
        description = {"Grid-search the LM weight, word bonus and blank penalty on the synthetic dev split (never on the real-speech set)",
            "and store the best by WER in <model>/decoder.properties, where the recognizer finds it."})
public final class TuneDecoderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @Option(names = "--lm", description = "LM binary (default: <model>/lm.bin)")
    Path lm;

    @Option(names = "--manifest", required = true, description = "dev manifest, e.g. data/corpus/dev.tsv")
    Path manifest;

    @Option(names = "--limit", defaultValue = "200", description = "dev utterances used (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--weights", defaultValue = "0.2,0.4,0.6,0.8,1.0", split = ",", description = "LM weights tried")
    float[] weights;

    @Option(names = "--bonuses", defaultValue = "0,0.5,1,1.5,2,3", split = ",", description = "word bonuses tried")
    float[] bonuses;

    @Option(names = "--blank-penalties", defaultValue = "0,0.5,1,1.5,2", split = ",",
            description = "blank penalties tried, each at least 0; 0 is the plain search (default: ${DEFAULT-VALUE})")
    float[] blankPenalties;

    @Option(names = "--beam", defaultValue = "8", description = "beam (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--budget", defaultValue = "1",
            description = "compute budget the encoder runs at while its outputs are recorded, in [0.2, 1] (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        BudgetOptions.served("--budget", budget);
        Engines.configure(threads);
        Path lmFile = lm != null ? lm : model.resolve("lm.bin");
        if (!Files.exists(lmFile)) {
            throw new BadInputException("no language model at " + lmFile);
        }
        for (float p : blankPenalties) {
            if (!DecoderConfig.isValidBlankPenalty(p)) {
                throw new BadInputException("--blank-penalties must be finite and at least 0, got " + p);
            }
        }
        List<AsteriskManifest.Entry> dev = AsteriskManifest.read(manifest);
        dev = dev.subList(0, Math.min(limit, dev.size()));
        double bestWer = Double.MAX_VALUE;
        float bestW = 0;
        float bestB = 0;
        float bestP = 0;
        // The encoder runs once; every grid point only searches its recorded outputs again.
        RecognizerConfig rc = new RecognizerConfig(model, lmFile, new DecoderConfig(beam, weights[0], bonuses[0], -8f), EndpointConfig.DEFAULT);
        try (Recognizer rec = Recognizer.load(rc)) {
            BudgetOptions.requireAdaptive("--budget", budget, rec.isAdaptive(), model);
            Evaluator ev = new Evaluator(rec);
            ProgressBar bar = new ProgressBar("encoder", dev.size(), System.err);
            Evaluator.Recorded recorded = ev.record(dev, budget, n -> bar.update(n, ""));
            for (float p : blankPenalties) {
                for (float w : weights) {
                    for (float b : bonuses) {
                        Evaluator.Report r = ev.rescore(recorded, new DecoderConfig(beam, w, b, -8f).withBlankPenalty(p));
                        spec.commandLine().getErr().printf(Locale.ROOT, "blank penalty %.2f  lm weight %.2f  word bonus %.2f  dev WER %.2f%%  CER %.2f%%%n",
                                p, w, b, 100 * r.wer(), 100 * r.cer());
                        if (r.wer() < bestWer) {
                            bestWer = r.wer();
                            bestW = w;
                            bestB = b;
                            bestP = p;
                        }
                    }
                }
            }
        }
        Properties p = new Properties();
        p.setProperty("lmWeight", String.valueOf(bestW));
        p.setProperty("wordBonus", String.valueOf(bestB));
        p.setProperty("blankPenalty", String.valueOf(bestP));
        p.setProperty("devWer", String.format(Locale.ROOT, "%.4f", bestWer));
        p.setProperty("devUtterances", String.valueOf(dev.size()));
        p.setProperty("budget", String.valueOf(budget));
        Path file = model.resolve(DecoderTuning.FILE);
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "LM weight, word bonus and blank penalty tuned on " + manifest + " by 'acm-stream train tune-decoder'");
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "best: lm weight %.2f, word bonus %.2f, blank penalty %.2f, dev WER %.2f%%; written to %s%n", bestW,
                bestB, bestP, 100 * bestWer, file);
        return 0;
    }
}
