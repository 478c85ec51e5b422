package dev.acmstream.asr.corpus;

import java.nio.file.Path;

/**
 * Settings of {@code train corpus}.
 *
 * @param out corpus directory
 * @param hours training audio to generate, before counting dev and test
 * @param seed fixes every text, voice and augmentation choice
 * @param threads workers; each runs its own synthesizer processes
 * @param jobSize utterances per job and shard; the unit of resumption
 */
public record CorpusConfig(Path out, double hours, long seed, int threads, int jobSize) {
    public static final int DEFAULT_JOB_SIZE = 200;

    public CorpusConfig {
        if (hours <= 0 || threads < 1 || jobSize < 1) {
            throw new IllegalArgumentException("hours, threads and job size must be positive");
        }
    }
}
