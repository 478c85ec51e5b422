package dev.acmstream.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.asr.eval.Evaluator;
import dev.acmstream.asr.eval.PairedBootstrap;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.render.CurvePng;
import java.io.PrintWriter;
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

/** {@code acm-stream bench budget-curve}: WER against compute for ACM, static width and the teacher. */
@Command(name = "budget-curve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"WER, CER, encoder MACs per audio second and wall time of: the ACM model (--model) at each budget;",
            "the same ACM weights at a static width k (every token k learners); static-width models fine-tuned",
            "as baselines (--static K=DIR); and the dense teacher. Each --set is a manifest (e.g. the synthetic",
            "test split and the Asterisk set). Draws WER against MACs with --png.",
            "Then paired differences with 95 %% bootstrap intervals (utterances resampled, both systems scored on each draw):",
            "every row against the teacher, and the ACM at b = k/N against static width k."})
public final class BenchBudgetCurveCommand implements Callable<Integer> {
    @Option(names = "--set", required = true, paramLabel = "NAME=MANIFEST", description = "a named manifest, repeatable")
    Map<String, Path> sets = new LinkedHashMap<>();

    @Option(names = "--teacher", description = "dense teacher directory (default: models/teacher, if present)")
    Path teacher;

    @Option(names = "--static", paramLabel = "K=DIR", description = "a static-width baseline model fine-tuned at K learners, repeatable")
    Map<Integer, Path> statics = new LinkedHashMap<>();

    @Option(names = "--budgets", defaultValue = "1,0.75,0.5,0.35,0.25", split = ",", description = "ACM budgets (default: ${DEFAULT-VALUE})")
    List<Double> budgets;

    @Option(names = "--limit", description = "score only the first N entries of each set")
    Integer limit;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--png", description = "write the WER-against-MACs plot here")
    Path png;

    @Option(names = "--json", description = "print the rows as JSON")
    boolean json;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    /** The series the comparisons pair up. */
    private static final String ACM = "ACM";
    private static final String TEACHER = "dense teacher";

    /** One measured point. */
    record Row(String set, String series, double budget, int staticWidth, double wer, double cer, double macsPerSecond,
               double learnerFraction, double rtf, double encoderRtf) {
        String label() {
            return series + (staticWidth > 0 ? " k=" + staticWidth : series.equals(ACM) ? String.format(Locale.ROOT, " b=%.2f", budget) : "");
        }
    }

    /** WER(a) − WER(b) on one set, with its paired-bootstrap interval; all in percentage points. */
    record Comparison(String set, String a, String b, double werDifference, double low, double high, double shareBelow) {
    }

    @Override
    public Integer call() throws Exception {
        for (double b : budgets) {
            BudgetOptions.served("budgets", b);
        }
        Engines.configure(threads);
        RecognizerSettings rs = model.settings();
        Path acm = Path.of(rs.modelDir());
        ModelConfig c = ModelDirectory.readDescriptor(acm).config();
        if (!c.isAcm()) {
            throw new BadInputException(acm + " is not an ACM model: pass --model with the ACM model");
        }
        Path teacherDir = teacher != null ? teacher : (Files.exists(Path.of("models/teacher/config.json")) ? Path.of("models/teacher") : null);
        Path lm = rs.lmFile() == null ? null : Path.of(rs.lmFile());
        RecognizerConfig base = new RecognizerConfig(acm, lm, rs.decoder(), rs.endpoint());
        spec.commandLine().getErr().printf("every row decodes alike: beam %d, LM weight %.2f, word bonus %.2f, blank penalty %.2f (%s)%n",
                rs.decoder().beam(), rs.decoder().lmWeight(), rs.decoder().wordBonus(), rs.decoder().blankPenalty(),
                model.decoderWeightsSource());
        List<Row> rows = new ArrayList<>();
        // Each row's per-utterance scores, for the paired comparisons.
        Map<Row, PairedBootstrap.Scored> scored = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Path> set : sets.entrySet()) {
            List<AsteriskManifest.Entry> entries = AsteriskManifest.read(set.getValue());
            if (limit != null) {
                entries = entries.subList(0, Math.min(limit, entries.size()));
            }
            String name = set.getKey();
            for (double b : budgets) {
                rows.add(measure(name, ACM, base, b, 0, entries, scored));
            }
            for (int k = 1; k <= c.learners(); k++) {
                rows.add(measure(name, "static width, ACM weights", base.withStaticWidth(k), 1, k, entries, scored));
            }
            for (Map.Entry<Integer, Path> s : statics.entrySet()) {
                RecognizerConfig sc = new RecognizerConfig(s.getValue(), lm, rs.decoder(), rs.endpoint(), s.getKey());
                rows.add(measure(name, "static width, fine-tuned", sc, 1, s.getKey(), entries, scored));
            }
            if (teacherDir != null) {
                rows.add(measure(name, TEACHER, new RecognizerConfig(teacherDir, lm, rs.decoder(), rs.endpoint()), 1, 0, entries, scored));
            }
        }
        List<Comparison> comparisons = compare(rows, scored, c.learners());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("rows", rows, "lm", lm != null,
                    "comparisons", comparisons)));
        } else {
            out.printf(Locale.ROOT, "%-10s %-26s %6s %3s %7s %7s %14s %9s %7s %8s%n", "set", "model", "budget", "k", "WER %", "CER %",
                    "MACs/audio-s", "learners", "RTF", "enc. RTF");
            for (Row r : rows) {
                out.printf(Locale.ROOT, "%-10s %-26s %6.2f %3s %7.2f %7.2f %,14.0f %9.3f %7.4f %8.4f%n", r.set(), r.series(), r.budget(),
                        r.staticWidth() == 0 ? "-" : String.valueOf(r.staticWidth()), 100 * r.wer(), 100 * r.cer(), r.macsPerSecond(),
                        r.learnerFraction(), r.rtf(), r.encoderRtf());
            }
            if (!comparisons.isEmpty()) {
                out.printf(Locale.ROOT, "%nWER(a) - WER(b), points, with the 95 %% paired-bootstrap interval (%d resamples of the utterances)"
                        + " and the share of resamples where a is lower:%n", PairedBootstrap.RESAMPLES);
                for (Comparison cmp : comparisons) {
                    out.printf(Locale.ROOT, "%-10s %-38s vs %-36s %+6.2f  [%+6.2f, %+6.2f]  %4.0f %%%n", cmp.set(), cmp.a(), cmp.b(),
                            cmp.werDifference(), cmp.low(), cmp.high(), 100 * cmp.shareBelow());
                }
            }
        }
        out.flush();
        if (png != null) {
            List<CurvePng.Panel> panels = new ArrayList<>();
            for (String set : sets.keySet()) {
                Map<String, List<Row>> bySeries = new LinkedHashMap<>();
                for (Row r : rows) {
                    if (r.set().equals(set)) {
                        bySeries.computeIfAbsent(r.series(), x -> new ArrayList<>()).add(r);
                    }
                }
                List<CurvePng.Series> series = new ArrayList<>();
                for (Map.Entry<String, List<Row>> e : bySeries.entrySet()) {
                    double[] x = e.getValue().stream().mapToDouble(r -> r.macsPerSecond() / 1e6).toArray();
                    double[] y = e.getValue().stream().mapToDouble(r -> 100 * r.wer()).toArray();
                    series.add(new CurvePng.Series(e.getKey(), x, y));
                }
                panels.add(new CurvePng.Panel(set, series));
            }
            CurvePng.write(panels, "encoder MMACs per audio second", "WER %", "WER against compute" + (lm != null ? " (with LM)" : ""), png);
            spec.commandLine().getErr().println("wrote " + png);
        }
        return 0;
    }

    /**
     * Every row against the teacher of its set, and each ACM row whose budget is k/N (below 1)
     * against the static-width rows at that k.
     */
    private static List<Comparison> compare(List<Row> rows, Map<Row, PairedBootstrap.Scored> scored, int learners) {
        List<Comparison> out = new ArrayList<>();
        for (Row a : rows) {
            for (Row b : rows) {
                if (a == b || !a.set().equals(b.set())) {
                    continue;
                }
                boolean againstTeacher = b.series().equals(TEACHER);
                double k = a.budget() * learners;
                boolean againstStatic = a.series().equals(ACM) && a.budget() < 1 && Math.abs(k - Math.rint(k)) < 1e-9
                        && b.staticWidth() == (int) Math.rint(k);
                if (againstTeacher || againstStatic) {
                    PairedBootstrap.Difference d = PairedBootstrap.werDifference(scored.get(a), scored.get(b), PairedBootstrap.RESAMPLES, 1);
                    out.add(new Comparison(a.set(), a.label(), b.label(), 100 * d.wer(), 100 * d.low(), 100 * d.high(), d.shareBelow()));
                }
            }
        }
        return out;
    }

    /** Scores one series on one set; its per-utterance scores go into {@code scored}. */
    private Row measure(String set, String series, RecognizerConfig rc, double budget, int k, List<AsteriskManifest.Entry> entries,
                        Map<Row, PairedBootstrap.Scored> scored) throws Exception {
        try (Recognizer rec = Recognizer.load(rc)) {
            String label = String.format(Locale.ROOT, "%s: %s %s", set, series, k > 0 ? "k=" + k : "b=" + budget);
            ProgressBar bar = new ProgressBar(label, entries.size(), System.err);
            Evaluator.Report r = new Evaluator(rec).evaluate(entries, budget, n -> bar.update(n, ""));
            Row row = new Row(set, series, budget, k, r.wer(), r.cer(), r.encoderMacs() / Math.max(1e-9, r.audioSeconds()),
                    r.learnerFraction(), r.rtf(), r.encoderSeconds() / Math.max(1e-9, r.audioSeconds()));
            scored.put(row, PairedBootstrap.Scored.of(r.pairs()));
            return row;
        }
    }
}
