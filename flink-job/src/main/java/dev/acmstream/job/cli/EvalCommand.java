package dev.acmstream.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.asr.eval.Evaluator;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.job.pipeline.RecognizerSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream eval}: WER, CER and real-time factor on a manifest. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score the recognizer on a manifest of 'path<TAB>transcript' lines: WER, CER and the real-time factor",
            "of decoding (1 intra-op thread unless --threads; model loading and file reading not counted).",
            "Transcripts are normalized like the model's labels. Build the real-speech manifest with 'eval asterisk-manifest'."},
        subcommands = {EvalCommand.AsteriskManifestCommand.class})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--manifest", description = "manifest file (relative paths are relative to it); required")
    Path manifest;

    @Option(names = "--budget", defaultValue = "1.0", description = "ACM budget in [0.2, 1] (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--limit", description = "score only the first N entries")
    Integer limit;

    @Option(names = "--errors", description = "write reference, hypothesis pairs here (TSV)")
    Path errors;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print {\"wer\":...,\"cer\":...,\"rtf\":...,\"utterances\":...}")
    boolean json;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (manifest == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--manifest=<manifest>'");
        }
        BudgetOptions.served("--budget", budget);
        Engines.configure(threads);
        List<AsteriskManifest.Entry> entries = AsteriskManifest.read(manifest);
        if (limit != null) {
            entries = entries.subList(0, Math.min(limit, entries.size()));
        }
        RecognizerSettings s = model.settings();
        Evaluator.Report r;
        try (Recognizer rec = Recognizer.load(new RecognizerConfig(Path.of(s.modelDir()), s.lmFile() == null ? null : Path.of(s.lmFile()),
                s.decoder(), s.endpoint()))) {
            BudgetOptions.requireAdaptive("--budget", budget, rec.isAdaptive(), s.modelDir());
            ProgressBar bar = new ProgressBar("eval", entries.size(), System.err);
            r = new Evaluator(rec).evaluate(entries, budget, n -> bar.update(n, ""));
        }
        if (errors != null) {
            List<String> lines = new ArrayList<>();
            for (String[] p : r.pairs()) {
                lines.add(String.join("\t", p));
            }
            Files.write(errors, lines, StandardCharsets.UTF_8);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wer", r.wer());
            m.put("cer", r.cer());
            m.put("rtf", r.rtf());
            m.put("utterances", r.utterances());
            m.put("audioSeconds", r.audioSeconds());
            m.put("budget", budget);
            m.put("learnerFraction", r.learnerFraction());
            m.put("encoderMacsPerAudioSecond", r.encoderMacs() / Math.max(1e-9, r.audioSeconds()));
            m.put("encoderSeconds", r.encoderSeconds());
            m.put("searchSeconds", r.searchSeconds());
            m.put("lm", s.lmFile() != null);
            out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "utterances %d (%.1f min)  WER %.2f%%  CER %.2f%%  RTF %.4f  budget %.2f  learners/token %.3f  LM %s"
                    + "  (encoder %.1f s, search %.1f s)%n", r.utterances(), r.audioSeconds() / 60, 100 * r.wer(), 100 * r.cer(), r.rtf(),
                    budget, r.learnerFraction(), s.lmFile() == null ? "off" : "on", r.encoderSeconds(), r.searchSeconds());
        }
        return 0;
    }

    /** {@code acm-stream eval asterisk-manifest}. */
    @Command(name = "asterisk-manifest", mixinStandardHelpOptions = true,
            description = {"Write the real-speech manifest: Debian's asterisk-core-sounds-en-wav prompts with the transcripts",
                "of asterisk-core-sounds-en, without the entries that are only bracketed non-speech. Evaluation only:",
                "never train or tune on it."})
    static final class AsteriskManifestCommand implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "manifest to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<AsteriskManifest.Entry> e = AsteriskManifest.load();
            AsteriskManifest.write(e, out);
            double seconds = 0;
            for (AsteriskManifest.Entry x : e) {
                seconds += Files.size(x.wav()) / 16000.0;
            }
            System.err.printf(Locale.ROOT, "%d utterances, about %.1f minutes, written to %s%n", e.size(), seconds / 60, out);
            return 0;
        }
    }
}
