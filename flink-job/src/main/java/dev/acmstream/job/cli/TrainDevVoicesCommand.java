package dev.acmstream.job.cli;

import dev.acmstream.asr.corpus.HeldOutVoiceDev;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acm-stream train dev-voices}. */
@Command(name = "dev-voices", mixinStandardHelpOptions = true,
        description = {"Synthesize a dev set of speakers that no split of the corpus uses, for choosing between models.",
            "The corpus's dev split shares its speakers with train; this set reads dev-split text with espeak-ng",
            "variants that neither train nor test has, augmented as the corpus is. It is fixed by the corpus's seed",
            "and written beside it as dev-voices.tsv (a manifest for 'eval --manifest') with WAVs under",
            "audio/dev-voices/. Rerun the same command to resume. Needs: sox espeak-ng and the corpus's text packages",
            "(scripts/install-corpus-tools.sh)."})
public final class TrainDevVoicesCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "corpus directory from 'train corpus'")
    Path corpus;

    @Option(names = "--utterances", defaultValue = "400", description = "utterances to synthesize (default: ${DEFAULT-VALUE})")
    int utterances;

    @Option(names = "--threads", defaultValue = "2", description = "parallel synthesis workers (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (utterances < 1 || threads < 1) {
            throw new BadInputException("--utterances and --threads must be positive");
        }
        HeldOutVoiceDev.Summary s = new HeldOutVoiceDev(corpus, utterances, threads, System.err).build();
        System.out.printf(Locale.ROOT, "wrote %s: %d utterances (%d dropped as too short), %.1f min, %d speakers%n",
                s.manifest(), s.utterances(), s.dropped(), s.seconds() / 60, s.speakers());
        return 0;
    }
}
