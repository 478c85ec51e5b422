package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.asr.eval.EncoderBenchmark;
import dev.acmstream.asr.recognizer.AudioFrontEnd;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.UntrainedModel;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream bench encoder}. */
@Command(name = "encoder", mixinStandardHelpOptions = true,
        description = {"Wall time and MACs of the streaming encoder at several budgets, on 1 intra-op thread.",
            "Without --model it uses the default shape with random weights, calibrated on random features;",
            "with --manifest it runs on real speech, so a trained model's gates choose as they do in service.",
            "Every decode call runs once per budget, back to back, so the host's slow spells fall on all budgets alike;",
            "prints the median over rounds of the wall-time ratio to b=1 (with its range) next to the ratio the MACs imply.",
            "--widths adds static widths to the same rounds: k learners for every token, run as one fused matmul pair,",
            "the cheapest way to spend k/N of the feed-forward MACs; k=0 times the encoder without its feed-forward blocks."})
public final class BenchEncoderCommand implements Callable<Integer> {
    @Option(names = "--budgets", defaultValue = "1,0.75,0.5,0.25", split = ",", description = "budgets (default: ${DEFAULT-VALUE})")
    double[] budgets;

    @Option(names = "--widths", split = ",",
            description = "static widths k (0..N) timed in the same rounds as the budgets; 0 = no feed-forward (default: none)")
    int[] widths = new int[0];

    @Option(names = "--batch", defaultValue = "16", description = "streams per decode call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds of audio per stream (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--chunks-per-call", defaultValue = "8",
            description = "chunks (640 ms) each stream advances per call: 1 live, more when catching up (default: ${DEFAULT-VALUE})")
    int chunksPerCall;

    @Option(names = "--rounds", defaultValue = "3",
            description = "timed rounds over the audio, after one warm-up round; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--model", description = "an ACM model directory instead of random weights")
    Path model;

    @Option(names = "--manifest", description = {"real speech instead of random features: the audio of this manifest (TSV: path, text),",
        "as one recording cut into --batch streams; --seconds is then ignored. Needs --model."})
    Path manifest;

    @Option(names = "--limit", defaultValue = "0", description = "with --manifest, the first N entries only; 0 = all (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--unfused", description = "do not fuse the learners' weights as the recognizer does: every call runs learner by learner")
    boolean unfused;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The manifest's audio as one recording: normalized log-mel frames, file after file. */
    private List<float[]> speech(SpeechEncoder enc) throws java.io.IOException {
        List<AsteriskManifest.Entry> entries = AsteriskManifest.read(manifest);
        if (limit > 0 && entries.size() > limit) {
            entries = entries.subList(0, limit);
        }
        List<float[]> frames = new ArrayList<>();
        for (AsteriskManifest.Entry e : entries) {
            DecodedAudio a = new AudioFileDecoder().decode(e.wav(), 16000, 1);
            for (float[] frame : AudioFrontEnd.frames(a.samples()[0], a.sampleRate())) {
                enc.normalize(frame);
                frames.add(frame);
            }
        }
        return frames;
    }

    /** The budgets, then the static widths, checked against the model's shape. */
    private List<EncoderBenchmark.Setting> settings(ModelConfig c) {
        for (double b : budgets) {
            BudgetOptions.served("--budgets", b);
        }
        if (widths.length > 0 && !c.isAcm()) {
            throw new BadInputException("--widths needs an ACM model; " + model + " is dense");
        }
        List<EncoderBenchmark.Setting> out = new ArrayList<>(EncoderBenchmark.budgets(budgets));
        for (int k : widths) {
            if (k < 0 || k > c.learners()) {
                throw new BadInputException("--widths must lie in 0.." + c.learners() + " (the model's learners), got " + k);
            }
            out.add(EncoderBenchmark.Setting.width(k, c.learners()));
        }
        if (out.isEmpty()) {
            throw new BadInputException("nothing to time: give --budgets or --widths");
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        Engines.configure(1);
        if (manifest != null && model == null) {
            throw new BadInputException("--manifest needs --model: random weights have no calibration for real speech");
        }
        if (manifest != null && !java.nio.file.Files.isRegularFile(manifest)) {
            throw new BadInputException("no manifest at " + manifest);
        }
        if (rounds < 1) {
            throw new BadInputException("--rounds must be at least 1, got " + rounds);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc;
            BudgetCalibration cal;
            List<EncoderBenchmark.Setting> settings;
            ModelDirectory.Loaded loaded = null;
            if (model != null) {
                loaded = ModelDirectory.load(model);
                enc = loaded.encoder();
                cal = loaded.calibration();
                settings = settings(enc.config());
            } else {
                enc = UntrainedModel.encoder(ModelConfig.DEFAULT, m, 1);
                settings = settings(enc.config()); // bad input fails before the calibration's minute
                cal = new BudgetCalibrator(enc).calibrate(UntrainedModel.features(32, 400, 400, 80, 1), BudgetCalibration.defaultGrid(), m);
            }
            try {
                EncoderBenchmark bench = new EncoderBenchmark(enc, cal, !unfused);
                List<EncoderBenchmark.Result> rs = manifest == null ? bench.run(settings, batch, seconds, chunksPerCall, rounds, m)
                        : bench.run(settings, batch, chunksPerCall, speech(enc), rounds, m);
                EncoderBenchmark.Result base = rs.stream().filter(r -> r.budget() >= 1).findFirst().orElse(rs.get(0));
                if (json) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (EncoderBenchmark.Result r : rs) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("budget", r.budget());
                        if (r.setting().isStatic()) {
                            o.put("width", r.setting().width());
                        }
                        o.put("msPerAudioSecond", r.msPerAudioSecond());
                        o.put("acmMacs", r.acmMacs());
                        o.put("totalMacs", r.totalMacs());
                        o.put("learnerFraction", r.learnerFraction());
                        double[] ratios = r.ratiosTo(base);
                        o.put("wallRatio", r.medianRatioTo(base));
                        o.put("wallRatioMin", ratios[0]);
                        o.put("wallRatioMax", ratios[ratios.length - 1]);
                        o.put("roundMs", r.roundMs());
                        list.add(o);
                    }
                    out.println(new ObjectMapper().writeValueAsString(Map.of("budgets", list)));
                } else {
                    out.printf(Locale.ROOT, "%-7s %10s %9s %14s %14s %10s %13s %10s%n", "setting", "ms/audio-s", "learners",
                            "ACM MACs/s", "total MACs/s", "wall ratio", "ratio range", "MAC ratio");
                    for (EncoderBenchmark.Result r : rs) {
                        double[] ratios = r.ratiosTo(base);
                        out.printf(Locale.ROOT, "%-7s %10.2f %9.3f %14d %14d %10.3f %6.3f-%-6.3f %10.3f%n", r.setting().label(),
                                r.msPerAudioSecond(), r.learnerFraction(), r.acmMacs(), r.totalMacs(), r.medianRatioTo(base),
                                ratios[0], ratios[ratios.length - 1], r.totalMacs() / (double) base.totalMacs());
                    }
                    out.printf(Locale.ROOT, "ms/audio-s and wall ratio: medians over %d rounds; ratio range: the rounds' extremes; "
                            + "ratios are to %s%n", rounds, base.setting().label());
                }
            } finally {
                if (loaded != null) {
                    loaded.close();
                }
            }
        }
        return 0;
    }
}
