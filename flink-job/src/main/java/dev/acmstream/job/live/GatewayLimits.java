package dev.acmstream.job.live;

/**
 * What one gateway accepts.
 *
 * @param token bearer token every client must present, or null for none (only allowed on loopback)
 * @param maxFrameBytes largest binary frame; a larger one closes the stream with 1009
 * @param maxStreamSeconds audio one stream may send; then the stream is ended and closed with 4001
 * @param maxStreams concurrent streams; one more is closed with 1013
 * @param idleTimeoutMs a stream that sends no audio this long is closed with 4000
 */
public record GatewayLimits(String token, int maxFrameBytes, double maxStreamSeconds, int maxStreams, long idleTimeoutMs) {
    public static final GatewayLimits DEFAULTS = new GatewayLimits(null, 64 * 1024, 3600, 64, 15_000);

    public GatewayLimits {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the token must not be blank");
        }
        if (maxFrameBytes < 320 || maxFrameBytes > 16 << 20) {
            throw new IllegalArgumentException("max frame bytes must be in [320, 16 MiB], got " + maxFrameBytes);
        }
        if (!(maxStreamSeconds > 0)) {
            throw new IllegalArgumentException("max stream seconds must be positive, got " + maxStreamSeconds);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("max streams must be at least 1, got " + maxStreams);
        }
        if (idleTimeoutMs < 100) {
            throw new IllegalArgumentException("the idle timeout must be at least 100 ms, got " + idleTimeoutMs);
        }
    }

    public GatewayLimits withToken(String t) {
        return new GatewayLimits(t, maxFrameBytes, maxStreamSeconds, maxStreams, idleTimeoutMs);
    }
}
