package dev.acmstream.asr.recognizer;

/**
 * When a segment ends, in the style of sherpa-onnx's endpoint rules. A token counts as silence
 * when CTC's most likely symbol is blank and the energy detector hears no speech in its frames.
 *
 * @param rule1Silence seconds of trailing silence that end a segment with no text (it is dropped)
 * @param rule2Silence seconds of trailing silence that end a segment with text (it becomes final)
 * @param rule3MaxSegment seconds after which a segment is cut whatever is said
 */
public record EndpointConfig(double rule1Silence, double rule2Silence, double rule3MaxSegment) {
    /** 2.4 s, 0.8 s, 20 s: sherpa-onnx uses 2.4/1.2/20; telephone prompts pause less, so rule 2 is shorter. */
    public static final EndpointConfig DEFAULT = new EndpointConfig(2.4, 0.8, 20.0);
}
