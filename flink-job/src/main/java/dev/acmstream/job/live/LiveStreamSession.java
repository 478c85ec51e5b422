package dev.acmstream.job.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.job.events.TranscriptEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream: binary frames of PCM in, transcript events out as JSON text messages.
 *
 * <p>The protocol: the client connects to {@code /v1/stream?encoding=s16le&rate=16000&channels=1}
 * (with {@code Authorization: Bearer T} or {@code access_token=T} when the gateway has a token)
 * and gets a {@code hello} message with its stream id. It sends audio as binary frames of whole
 * sample frames, and {@code {"type":"end"}} when done. It receives {@code partial} and
 * {@code final} events as they come, then one {@code end} event per channel, and the gateway
 * closes the socket with 1000. Breaking the protocol closes it with a code from {@link CloseCodes}.
 *
 * <p>Small client frames (20 ms is typical) are coalesced into chunks of {@value #CHUNK_MS} ms
 * for the job. Every method is synchronized: Jetty delivers frames on its threads and the
 * job's events arrive on the bridge's.
 */
public final class LiveStreamSession implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStreamSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CHUNK_MS = 100;
    /** How long the job may take to finish a stream after its end before the gateway gives up. */
    static final long ENDING_TIMEOUT_MS = 60_000;

    private enum State { OPENING, STREAMING, ENDING, CLOSED }

    private final LiveGateway gateway;
    private final Map<String, String> query;
    private final String authorization;
    private final String streamId;
    private Session session;
    private StreamFormat format;
    private State state = State.OPENING;
    private boolean slotHeld;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int chunkBytes;
    private long sequence;
    private long bytesAccepted;
    private long lastAudioMs;
    private long endingSinceMs;
    private int closeCode = CloseCodes.NORMAL;
    private String closeReason = "end of stream";
    private final Set<String> ended = new HashSet<>();

    LiveStreamSession(LiveGateway gateway, String streamId, Map<String, String> query, String authorization) {
        this.gateway = gateway;
        this.streamId = streamId;
        this.query = query;
        this.authorization = authorization;
    }

    String streamId() {
        return streamId;
    }

    @Override
    public synchronized void onWebSocketOpen(Session s) {
        this.session = s;
        if (!gateway.authorized(authorization, query.get("access_token"))) {
            close(CloseCodes.POLICY_VIOLATION, "unauthorized: a missing or wrong bearer token");
            return;
        }
        try {
            format = StreamFormat.parse(query);
        } catch (IllegalArgumentException e) {
            close(CloseCodes.UNSUPPORTED_DATA, e.getMessage());
            return;
        }
        if (!gateway.acquireSlot(this)) {
            close(CloseCodes.TRY_AGAIN_LATER, "all " + gateway.limits().maxStreams() + " stream slots are taken; try again later");
            return;
        }
        slotHeld = true;
        int frame = format.frameBytes();
        chunkBytes = Math.max(frame, format.bytesPerSecond() * CHUNK_MS / 1000 / frame * frame);
        gateway.bridge().subscribe(streamId, this::onEvent);
        state = State.STREAMING;
        lastAudioMs = System.currentTimeMillis();
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("stream", streamId);
        hello.put("encoding", format.encoding().name().toLowerCase(Locale.ROOT));
        hello.put("sampleRate", format.sampleRate());
        hello.put("channels", format.channels());
        hello.putAll(gateway.info());
        sendText(json(hello));
        LOG.info("stream {} opened from {}: {}", streamId, s.getRemoteSocketAddress(), format);
    }

    @Override
    public synchronized void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        try {
            onAudio(payload);
        } finally {
            callback.succeed();
        }
    }

    private void onAudio(ByteBuffer payload) {
        if (state == State.ENDING) {
            // After the client's end, more audio breaks the protocol; after the gateway ended the stream
            // (idle or at the maximum duration), frames the client sent before it knew are dropped.
            if (closeCode == CloseCodes.NORMAL) {
                close(CloseCodes.POLICY_VIOLATION, "audio after the end of the stream");
            }
            return;
        }
        if (state != State.STREAMING) {
            return;
        }
        int n = payload.remaining();
        GatewayLimits limits = gateway.limits();
        if (n > limits.maxFrameBytes()) {
            close(CloseCodes.MESSAGE_TOO_BIG, "a binary frame of " + n + " bytes is over the limit of " + limits.maxFrameBytes());
            return;
        }
        if (n % format.frameBytes() != 0) {
            close(CloseCodes.INVALID_PAYLOAD, "a binary frame must hold whole sample frames of " + format.frameBytes()
                    + " bytes; got " + n);
            return;
        }
        lastAudioMs = System.currentTimeMillis();
        long allowed = (long) (limits.maxStreamSeconds() * format.bytesPerSecond()) / format.frameBytes() * format.frameBytes();
        int take = (int) Math.min(n, allowed - bytesAccepted);
        byte[] bytes = new byte[take];
        payload.get(bytes);
        pending.writeBytes(bytes);
        bytesAccepted += take;
        if (bytesAccepted >= allowed) {
            endStream(CloseCodes.MAX_DURATION, String.format(Locale.ROOT, "the stream reached the maximum duration of %.0f s",
                    limits.maxStreamSeconds()));
            return;
        }
        if (pending.size() >= chunkBytes && !flush(false)) {
            close(CloseCodes.SERVER_ERROR, "the transcription job cannot take audio now");
        }
    }

    @Override
    public synchronized void onWebSocketText(String message) {
        if (state == State.ENDING) {
            close(CloseCodes.POLICY_VIOLATION, "a message after the end of the stream");
            return;
        }
        if (state != State.STREAMING) {
            return;
        }
        if (!isEnd(message)) {
            close(CloseCodes.UNSUPPORTED_DATA, "the only text message is {\"type\":\"end\"}; audio goes in binary frames");
            return;
        }
        endStream(CloseCodes.NORMAL, "end of stream");
    }

    private static boolean isEnd(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            return n != null && n.isObject() && "end".equals(n.path("type").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    @Override
    public synchronized void onWebSocketClose(int statusCode, String reason) {
        if (state == State.STREAMING && sequence > 0) {
            // The client went away mid-stream: end the stream so that the job releases its state.
            flush(true);
        }
        if (state != State.CLOSED) {
            LOG.info("stream {} closed by the client: {} {}", streamId, statusCode, reason);
        }
        state = State.CLOSED;
        release();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("stream {}: {}", streamId, cause.toString());
    }

    /** An event of this stream from the job. */
    synchronized void onEvent(TranscriptEvent e) {
        if (state == State.CLOSED) {
            return;
        }
        sendText(e.toJson());
        if (e.isEnd()) {
            ended.add(e.stream);
            if (state == State.ENDING && ended.size() >= format.channels()) {
                close(closeCode, closeReason);
            }
        }
    }

    /** Called by the gateway every few hundred ms: idle streams end, and streams the job never finishes close. */
    synchronized void sweep(long nowMs) {
        if (state == State.STREAMING && nowMs - lastAudioMs > gateway.limits().idleTimeoutMs()) {
            endStream(CloseCodes.IDLE_TIMEOUT, "no audio for " + gateway.limits().idleTimeoutMs() + " ms");
        } else if (state == State.ENDING && nowMs - endingSinceMs > ENDING_TIMEOUT_MS) {
            close(CloseCodes.SERVER_ERROR, "the transcription job did not finish the stream within " + ENDING_TIMEOUT_MS / 1000 + " s");
        }
    }

    /** The gateway is shutting down: the job gets the end of the stream, and the client 1001. */
    synchronized void shutdown() {
        if (state == State.STREAMING && sequence > 0) {
            flush(true);
        }
        close(CloseCodes.GOING_AWAY, "the gateway is shutting down");
    }

    /** No more audio: the rest and the end go to the job, and the socket closes once every channel's end event is back. */
    private void endStream(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        if (sequence == 0 && pending.size() == 0) {
            close(code, reason); // nothing reached the job, so no events will come back
            return;
        }
        if (!flush(true)) {
            close(CloseCodes.SERVER_ERROR, "the transcription job cannot take audio now");
            return;
        }
        state = State.ENDING;
        endingSinceMs = System.currentTimeMillis();
    }

    private boolean flush(boolean endOfStream) {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        AudioChunk c = new AudioChunk(streamId, sequence++, System.currentTimeMillis(), format.sampleRate(), format.channels(),
                format.encoding(), endOfStream, bytes);
        return gateway.bridge().send(c);
    }

    private void sendText(String text) {
        if (session != null && session.isOpen()) {
            session.sendText(text, Callback.from(() -> { }, err -> {
                LOG.debug("stream {}: sending failed: {}", streamId, err.toString());
            }));
        }
    }

    private void close(int code, String reason) {
        boolean wasOpen = state != State.CLOSED;
        state = State.CLOSED;
        if (session != null && session.isOpen()) {
            session.close(code, truncate(reason), Callback.NOOP);
        }
        if (wasOpen && code != CloseCodes.NORMAL) {
            LOG.info("stream {} closed with {}: {}", streamId, code, reason);
        }
        release();
    }

    private void release() {
        gateway.bridge().unsubscribe(streamId);
        if (slotHeld) {
            slotHeld = false;
            gateway.releaseSlot(this);
        }
    }

    /** A close reason is at most 123 bytes of UTF-8. */
    static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) {
            return reason;
        }
        String s = reason;
        while (s.getBytes(StandardCharsets.UTF_8).length > 120) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
