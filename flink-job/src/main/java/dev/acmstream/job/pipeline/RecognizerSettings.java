package dev.acmstream.job.pipeline;

import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.asr.recognizer.EndpointConfig;
import java.io.Serializable;

/**
 * Settings of the recognizer operator, with the defaults in {@link #defaults}.
 *
 * @param modelDir model directory, readable on every TaskManager
 * @param lmFile word LM binary, or null
 * @param beam prefix beam width
 * @param lmWeight LM weight α
 * @param wordBonus word insertion bonus β
 * @param blankPenalty subtracted from each frame's blank log-probability in the search, with the LM
 * @param endpointRule1 seconds of silence that drop an empty segment
 * @param endpointRule2 seconds of silence that close a segment with text
 * @param endpointRule3 seconds after which a segment is cut
 * @param batchSize decode as soon as this many streams have a chunk ready
 * @param maxDelayMs otherwise decode at most this long after the first ready chunk
 * @param maxChunksPerCall chunks a stream with a backlog advances per call
 * @param partialIntervalMs minimum time between partial results of one stream
 * @param idleTimeoutMs a stream with no audio for this long is closed, its last segment final
 * @param blankSkip frames whose blank is at least this likely extend no beam prefix; +∞ never
 */
public record RecognizerSettings(String modelDir, String lmFile, int beam, float lmWeight, float wordBonus, float blankPenalty,
                                 double endpointRule1, double endpointRule2, double endpointRule3, int batchSize,
                                 long maxDelayMs, int maxChunksPerCall, long partialIntervalMs, long idleTimeoutMs, double blankSkip)
        implements Serializable {

    public static RecognizerSettings defaults(String modelDir, String lmFile) {
        EndpointConfig e = EndpointConfig.DEFAULT;
        return new RecognizerSettings(modelDir, lmFile, 8, 0.5f, 1.0f, 0f, e.rule1Silence(), e.rule2Silence(), e.rule3MaxSegment(),
                16, 200, 8, 500, 30_000, 0.999);
    }

    public DecoderConfig decoder() {
        return new DecoderConfig(beam, lmFile == null ? 0f : lmWeight, lmFile == null ? 0f : wordBonus, -8f,
                (float) Math.log(blankSkip), lmFile == null ? 0f : blankPenalty);
    }

    public EndpointConfig endpoint() {
        return new EndpointConfig(endpointRule1, endpointRule2, endpointRule3);
    }
}
