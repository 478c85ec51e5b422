package dev.acmstream.asr.corpus;

/**
 * Everything needed to render one utterance, fixed by the corpus seed before any audio exists.
 *
 * @param id unique id
 * @param split train, dev or test
 * @param source text source
 * @param label normalized transcript (the CTC target)
 * @param speech what the synthesizer reads: the label's words with sentence punctuation
 * @param voice the synthetic speaker
 * @param stretch duration factor for the synthesizer
 * @param pitch espeak-ng pitch
 * @param augmentation degradation after synthesis
 * @param seed the utterance's own random seed (noise samples)
 */
public record UtteranceSpec(String id, String split, String source, String label, String speech, Voice voice,
                            double stretch, int pitch, Augmentation augmentation, long seed) {
}
