package dev.acmstream.job.cli;

import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.job.pipeline.RecognizerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The model, language model and decoder options shared by the commands that recognize. */
public final class ModelOptions {
    @Option(names = "--model", description = "model directory (default: models/acm, else models/teacher)")
    Path model;

    @Option(names = "--lm", description = "word n-gram binary (default: <model>/lm.bin, else models/lm/trigram.bin, if present)")
    Path lm;

    @Option(names = "--no-lm", description = "decode without the language model")
    boolean noLm;

    @Option(names = "--beam", defaultValue = "8", description = "prefix beam width (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--lm-weight", description = "LM weight (default: the model's tuned value, else 0.5)")
    Float lmWeight;

    @Option(names = "--word-bonus", description = "word insertion bonus (default: the model's tuned value, else 1.0)")
    Float wordBonus;

    @Option(names = "--blank-penalty",
            description = {"subtracted from each frame's blank log-probability in the search, against deleted characters;",
                "with the LM only (default: the model's tuned value, else 0)"})
    Float blankPenalty;

    Path modelDir() {
        if (model != null) {
            if (!Files.isDirectory(model)) {
                throw new BadInputException("no model directory at " + model);
            }
            return model;
        }
        for (String candidate : new String[] {"models/acm", "models/teacher"}) {
            if (Files.exists(Path.of(candidate, "config.json"))) {
                return Path.of(candidate);
            }
        }
        throw new BadInputException("no model: pass --model DIR (models/acm and models/teacher are missing)");
    }

    Path lmFile(Path modelDir) {
        if (noLm) {
            return null;
        }
        if (lm != null) {
            if (!Files.exists(lm)) {
                throw new BadInputException("no language model at " + lm);
            }
            return lm;
        }
        Path candidate = modelDir.resolve("lm.bin");
        if (Files.exists(candidate)) {
            return candidate;
        }
        Path shared = Path.of("models/lm/trigram.bin");
        return Files.exists(shared) ? shared : null;
    }

    @Option(names = "--batch-streams", defaultValue = "16",
            description = "streams a recognizer decodes together in one call at most (default: ${DEFAULT-VALUE})")
    int batchStreams;

    @Option(names = "--batch-delay-ms", defaultValue = "200",
            description = {"how long a ready chunk may wait for other streams' chunks to batch with (default: ${DEFAULT-VALUE});",
                "adds at most this to latency; bigger batches cost less per second of audio"})
    long batchDelayMs;

    @Option(names = "--max-chunks-per-call",
            description = {"chunks (640 ms) a stream with a backlog advances per decode call at most (default: the job's, 8);",
                "more costs less per second of audio on long files and backlogs, but holds the other streams' partials longer"})
    Integer maxChunksPerCall;

    @Option(names = "--blank-skip", defaultValue = "0.999",
            description = {"beam search: a frame whose blank is at least this likely extends no prefix (default: ${DEFAULT-VALUE});",
                "off for an exact search"}, converter = BlankSkipConverter.class)
    double blankSkip;

    /** A probability in (0, 1], or {@code off}. */
    static final class BlankSkipConverter implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            if (v.equalsIgnoreCase("off")) {
                return Double.POSITIVE_INFINITY;
            }
            double p;
            try {
                p = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("--blank-skip takes a probability in (0, 1] or 'off', got '" + v + "'");
            }
            if (!(p > 0 && p <= 1)) {
                throw new picocli.CommandLine.TypeConversionException("--blank-skip takes a probability in (0, 1] or 'off', got " + v);
            }
            return p;
        }
    }

    /**
     * Where {@link #settings()} takes the LM weight, word bonus and blank penalty from, for logs: the command line,
     * the model's {@code decoder.properties}, or the untuned defaults.
     */
    String decoderWeightsSource() {
        Path dir = modelDir();
        Path file = dir.resolve(DecoderTuning.FILE);
        String fallback = Files.exists(file) ? "tuned: " + file : "untuned default, " + dir + " has no " + DecoderTuning.FILE;
        List<String> given = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        (lmWeight != null ? given : rest).add("LM weight");
        (wordBonus != null ? given : rest).add("word bonus");
        (blankPenalty != null ? given : rest).add("blank penalty");
        if (rest.isEmpty()) {
            return "all given on the command line";
        }
        if (given.isEmpty()) {
            return fallback;
        }
        return String.join(", ", given) + " given; " + String.join(", ", rest) + " " + fallback;
    }

    RecognizerSettings settings() {
        Path dir = modelDir().toAbsolutePath();
        Path lmf = lmFile(dir);
        DecoderTuning tuned = DecoderTuning.read(dir);
        RecognizerSettings d = RecognizerSettings.defaults(dir.toString(), lmf == null ? null : lmf.toAbsolutePath().toString());
        if (blankPenalty != null && !DecoderConfig.isValidBlankPenalty(blankPenalty)) {
            throw new BadInputException("--blank-penalty must be finite and at least 0, got " + blankPenalty);
        }
        return new RecognizerSettings(d.modelDir(), d.lmFile(), beam, lmWeight != null ? lmWeight : tuned.lmWeight(),
                wordBonus != null ? wordBonus : tuned.wordBonus(), blankPenalty != null ? blankPenalty : tuned.blankPenalty(),
                d.endpointRule1(), d.endpointRule2(), d.endpointRule3(),
                requirePositive(batchStreams, "--batch-streams"), requireNonNegative(batchDelayMs, "--batch-delay-ms"),
                maxChunksPerCall != null ? requirePositive(maxChunksPerCall, "--max-chunks-per-call") : d.maxChunksPerCall(),
                d.partialIntervalMs(), d.idleTimeoutMs(), blankSkip);
    }

    private static int requirePositive(int v, String flag) {
        if (v < 1) {
            throw new BadInputException(flag + " must be at least 1, got " + v);
        }
        return v;
    }

    private static long requireNonNegative(long v, String flag) {
        if (v < 0) {
            throw new BadInputException(flag + " must not be negative, got " + v);
        }
        return v;
    }
}
