package dev.acmstream.job.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-transcription gateway: a Jetty server with the WebSocket endpoint {@code /v1/stream}
 * ({@link LiveStreamSession} has the protocol), the browser page at {@code /} (served from the
 * jar's {@code live/} folder, no CDN), {@code /healthz} and {@code /v1/info}. Audio reaches the
 * transcription job through a {@link PipelineBridge}, which the caller owns and closes after
 * the gateway.
 */
public final class LiveGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SWEEP_MS = 250;

    private final GatewayLimits limits;
    private final PipelineBridge bridge;
    private final Map<String, Object> info;
    private final Server server;
    private final ServerConnector connector;
    private final Set<LiveStreamSession> sessions = new LinkedHashSet<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-sweeper");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param listen address and port to listen on (port 0 picks a free one)
     * @param info what the hello message and {@code /v1/info} say about the model and budget
     */
    public LiveGateway(InetSocketAddress listen, GatewayLimits limits, PipelineBridge bridge, Map<String, Object> info) {
        this.limits = limits;
        this.bridge = bridge;
        this.info = Map.copyOf(info);
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("gateway");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        server.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, context, container -> {
            // Frames up to twice the limit reach the session, which closes with our reason; Jetty refuses larger ones with 1009.
            container.setMaxBinaryMessageSize(2L * limits.maxFrameBytes());
            container.setMaxTextMessageSize(4096);
            container.setMaxOutgoingFrames(4096);
            // The session's own idle timeout (with the transcript completed) fires first; this one catches dead sockets.
            container.setIdleTimeout(Duration.ofMillis(Math.max(60_000, 4 * limits.idleTimeoutMs())));
            container.addMapping("/v1/stream", (req, resp, cb) -> new LiveStreamSession(this, newStreamId(), query(req),
                    req.getHeaders().get(HttpHeader.AUTHORIZATION)));
        });
        ResourceHandler page = new ResourceHandler();
        page.setBaseResource(ResourceFactory.of(server).newClassLoaderResource("live/"));
        page.setWelcomeFiles("index.html");
        page.setDirAllowed(false);
        page.setCacheControl("no-cache");
        ws.setHandler(new SecurityHeaders(new Handler.Sequence(new ApiHandler(), page)));
        context.setHandler(ws);
        server.setHandler(context);
    }

    /** Starts listening and the idle sweep. */
    public LiveGateway start() throws Exception {
        server.start();
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        LOG.info("live gateway on {}; audio goes to {}", uri(), bridge.describe());
        return this;
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address. */
    public URI uri() {
        String host = connector.getHost() == null ? "localhost" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Streams open now. */
    public int openStreams() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    GatewayLimits limits() {
        return limits;
    }

    PipelineBridge bridge() {
        return bridge;
    }

    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>(info);
        m.put("limits", Map.of("maxFrameBytes", limits.maxFrameBytes(), "maxStreamSeconds", limits.maxStreamSeconds(),
                "maxStreams", limits.maxStreams(), "idleTimeoutMs", limits.idleTimeoutMs()));
        return m;
    }

    /** True when no token is configured, or the Authorization header or access_token parameter carries it. */
    boolean authorized(String authorizationHeader, String queryToken) {
        if (limits.token() == null) {
            return true;
        }
        String presented = null;
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorizationHeader.substring(7).trim();
        } else if (queryToken != null) {
            presented = queryToken;
        }
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                limits.token().getBytes(StandardCharsets.UTF_8));
    }

    boolean acquireSlot(LiveStreamSession s) {
        synchronized (sessions) {
            if (sessions.size() >= limits.maxStreams()) {
                return false;
            }
            sessions.add(s);
        }
        return true;
    }

    void releaseSlot(LiveStreamSession s) {
        synchronized (sessions) {
            sessions.remove(s);
        }
    }

    private List<LiveStreamSession> snapshot() {
        synchronized (sessions) {
            return new ArrayList<>(sessions);
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (LiveStreamSession s : snapshot()) {
            try {
                s.sweep(now);
            } catch (RuntimeException e) {
                LOG.warn("sweeping stream {} failed", s.streamId(), e);
            }
        }
    }

    private String newStreamId() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "ws-" + HexFormat.of().formatHex(b);
    }

    private static Map<String, String> query(Request req) {
        Map<String, String> m = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(req);
        for (Fields.Field f : fields) {
            m.put(f.getName(), f.getValue());
        }
        return m;
    }

    /** Closes every stream with 1001 (their audio so far goes to the job) and stops the server. */
    @Override
    public void close() throws Exception {
        sweeper.shutdownNow();
        for (LiveStreamSession s : snapshot()) {
            s.shutdown();
        }
        server.stop();
    }

    /** {@code /healthz} and {@code /v1/info}. */
    private final class ApiHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/healthz" -> {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, StandardCharsets.UTF_8.encode("ok\n"), callback);
                    return true;
                }
                case "/v1/info" -> {
                    Map<String, Object> m = info();
                    m.put("openStreams", openStreams());
                    m.put("pipeline", bridge.describe());
                    m.put("tokenRequired", limits.token() != null);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(true, StandardCharsets.UTF_8.encode(JSON.writeValueAsString(m)), callback);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** The page may only talk to this gateway, and may not be framed. */
    private static final class SecurityHeaders extends Handler.Wrapper {
        SecurityHeaders(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put("Content-Security-Policy",
                    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            return super.handle(request, response, callback);
        }
    }
}
