package dev.acmstream.job.live;

/**
 * The WebSocket close codes the gateway sends, and why. The 1xxx codes are RFC 6455's; the 4xxx
 * ones are ours.
 */
public final class CloseCodes {
    /** The stream ended (the client sent {"type":"end"}) and its last final was delivered. */
    public static final int NORMAL = 1000;
    /** The gateway is shutting down. */
    public static final int GOING_AWAY = 1001;
    /** A text message that is not {"type":"end"}, or a stream format the gateway does not take. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** A binary frame that is not a whole number of sample frames. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A missing or wrong bearer token, or audio after the end. */
    public static final int POLICY_VIOLATION = 1008;
    /** A binary frame over the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The transcription job failed or cannot keep up. */
    public static final int SERVER_ERROR = 1011;
    /** Every stream slot is taken; try again later. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** No audio for the idle timeout. */
    public static final int IDLE_TIMEOUT = 4000;
    /** The stream reached the maximum duration; its transcript was completed first. */
    public static final int MAX_DURATION = 4001;

    private CloseCodes() {
    }
}
