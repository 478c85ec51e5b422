package dev.acmstream.asr.recognizer;

import dev.acmstream.asr.decode.DecoderConfig;
import java.nio.file.Path;

/**
 * What a {@link Recognizer} loads and how it decodes.
 *
 * @param modelDir model directory
 * @param lmFile word n-gram binary, or null for no language model
 * @param decoder beam width, LM weight and word bonus
 * @param endpoint segmentation rules
 * @param staticWidth 0 for the budget policy; k &gt; 0 runs every token of an ACM model on its first
 *     k learners whatever the budget (the static-width baseline of the comparisons)
 */
public record RecognizerConfig(Path modelDir, Path lmFile, DecoderConfig decoder, EndpointConfig endpoint, int staticWidth) {
    public RecognizerConfig(Path modelDir, Path lmFile, DecoderConfig decoder, EndpointConfig endpoint) {
        this(modelDir, lmFile, decoder, endpoint, 0);
    }

    public RecognizerConfig {
        if (staticWidth < 0) {
            throw new IllegalArgumentException("static width must not be negative, got " + staticWidth);
        }
    }

    public RecognizerConfig withStaticWidth(int k) {
        return new RecognizerConfig(modelDir, lmFile, decoder, endpoint, k);
    }
}
