package dev.acmstream.job.cli;

import dev.acmstream.asr.lm.NgramLm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acm-stream train lm}. */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Build the word language model: interpolated Kneser-Ney (BerkeleyLM) from the corpus's training text",
            "only (lm-train.txt: the train-split sentences of the text packages and generated call-centre phrases)."})
public final class TrainLmCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "corpus directory from 'train corpus'")
    Path corpus;

    @Option(names = "--out", required = true, description = "binary to write, e.g. models/teacher/lm.bin")
    Path out;

    @Option(names = "--order", defaultValue = "3", description = "n-gram order (default: ${DEFAULT-VALUE})")
    int order;

    @Option(names = "--min-counts", defaultValue = "0,1,1", split = ",",
            description = "prune n-grams seen fewer times than this, per order (default: ${DEFAULT-VALUE})")
    double[] minCounts;

    @Override
    public Integer call() throws Exception {
        Path text = corpus.resolve("lm-train.txt");
        if (!Files.exists(text)) {
            throw new BadInputException("no " + text + ": build the corpus first");
        }
        if (minCounts.length != order) {
            throw new BadInputException("--min-counts needs " + order + " values, one per order");
        }
        Path arpa = Files.createTempFile("acm-lm-", ".arpa");
        try {
            long t0 = System.nanoTime();
            NgramLm.build(List.of(text), order, minCounts, arpa, out);
            System.err.printf("built a %d-gram model from %s in %.1f s: %s (%.1f MB)%n", order, text, (System.nanoTime() - t0) / 1e9, out,
                    Files.size(out) / 1e6);
        } finally {
            Files.deleteIfExists(arpa);
        }
        return 0;
    }
}
