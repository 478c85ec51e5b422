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
 */
public record RecognizerConfig(Path modelDir, Path lmFile, DecoderConfig decoder, EndpointConfig endpoint) {
}
