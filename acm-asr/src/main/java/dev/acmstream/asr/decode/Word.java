package dev.acmstream.asr.decode;

/**
 * A recognized word with its timing in encoder tokens and a confidence.
 *
 * @param word the word
 * @param startToken token index (stream-relative) of its first character
 * @param endToken token index just after its last character
 * @param confidence geometric mean of its characters' posteriors, 0..1
 */
public record Word(String word, long startToken, long endToken, float confidence) {
}
