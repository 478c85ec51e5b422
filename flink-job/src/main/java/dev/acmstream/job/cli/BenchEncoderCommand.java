package dev.acmstream.job.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.eval.EncoderBenchmark;
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
            "Without --model it uses the default shape with random weights, calibrated on random features.",
            "Prints the wall-time ratio to b=1 next to the ratio the MACs imply."})
public final class BenchEncoderCommand implements Callable<Integer> {
    @Option(names = "--budgets", defaultValue = "1,0.75,0.5,0.25", split = ",", description = "budgets (default: ${DEFAULT-VALUE})")
    double[] budgets;

    @Option(names = "--batch", defaultValue = "16", description = "streams per decode call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds of audio per stream (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--chunks-per-call", defaultValue = "8",
            description = "chunks (640 ms) each stream advances per call: 1 live, more when catching up (default: ${DEFAULT-VALUE})")
    int chunksPerCall;

    @Option(names = "--rounds", defaultValue = "3", description = "timed rounds per budget, best kept (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--model", description = "an ACM model directory instead of random weights")
    Path model;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Engines.configure(1);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc;
            BudgetCalibration cal;
            ModelDirectory.Loaded loaded = null;
            if (model != null) {
                loaded = ModelDirectory.load(model);
                enc = loaded.encoder();
                cal = loaded.calibration();
            } else {
                enc = UntrainedModel.encoder(ModelConfig.DEFAULT, m, 1);
                cal = new BudgetCalibrator(enc).calibrate(UntrainedModel.features(32, 400, 400, 80, 1), BudgetCalibration.defaultGrid(), m);
            }
            try {
                List<EncoderBenchmark.Result> rs = new EncoderBenchmark(enc, cal).run(budgets, batch, seconds, chunksPerCall, rounds, m);
                EncoderBenchmark.Result base = rs.stream().filter(r -> r.budget() >= 1).findFirst().orElse(rs.get(0));
                if (json) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (EncoderBenchmark.Result r : rs) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("budget", r.budget());
                        o.put("msPerAudioSecond", r.msPerAudioSecond());
                        o.put("acmMacs", r.acmMacs());
                        o.put("totalMacs", r.totalMacs());
                        o.put("learnerFraction", r.learnerFraction());
                        list.add(o);
                    }
                    out.println(new ObjectMapper().writeValueAsString(Map.of("budgets", list)));
                } else {
                    out.printf(Locale.ROOT, "%-7s %10s %9s %14s %14s %10s %10s%n", "budget", "ms/audio-s", "learners",
                            "ACM MACs/s", "total MACs/s", "wall ratio", "MAC ratio");
                    for (EncoderBenchmark.Result r : rs) {
                        out.printf(Locale.ROOT, "%-7.2f %10.2f %9.3f %14d %14d %10.3f %10.3f%n", r.budget(), r.msPerAudioSecond(),
                                r.learnerFraction(), r.acmMacs(), r.totalMacs(), r.msPerAudioSecond() / base.msPerAudioSecond(),
                                r.totalMacs() / (double) base.totalMacs());
                    }
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
