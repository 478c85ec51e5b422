package dev.acmstream.job.cli;

import dev.acmstream.asr.corpus.CorpusBuilder;
import dev.acmstream.asr.corpus.CorpusConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acm-stream train corpus}. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Synthesize a speech corpus from Debian text packages with espeak-ng, flite and festival,",
            "augment it with sox (speed, telephone band and codecs, noise, reverb, gain) and cache log-mel features.",
            "Deterministic from --seed; rerun with the same options to resume an interrupted build.",
            "Needs: sox espeak-ng flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts",
            "       fortunes bible-kjv bible-kjv-text jargon-text wordnet-base (scripts/install-corpus-tools.sh)."})
public final class TrainCorpusCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "corpus directory (kept out of git)")
    Path out;

    @Option(names = "--hours", defaultValue = "16", description = "hours of training audio before dev and test (default: ${DEFAULT-VALUE})")
    double hours;

    @Option(names = "--seed", defaultValue = "7", description = "fixes every text, voice and augmentation choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "parallel synthesis workers (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--job-size", defaultValue = "" + CorpusConfig.DEFAULT_JOB_SIZE,
            description = "utterances per shard, the unit of resumption (default: ${DEFAULT-VALUE})")
    int jobSize;

    @Override
    public Integer call() throws Exception {
        if (hours <= 0 || threads < 1 || jobSize < 1) {
            throw new BadInputException("--hours, --threads and --job-size must be positive");
        }
        new CorpusBuilder(new CorpusConfig(out, hours, seed, threads, jobSize), System.err).build();
        return 0;
    }
}
