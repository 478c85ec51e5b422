package dev.acmstream.job.cli;

import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.io.KafkaSettings;
import dev.acmstream.job.live.GatewayLimits;
import dev.acmstream.job.live.InProcessBridge;
import dev.acmstream.job.live.KafkaBridge;
import dev.acmstream.job.live.LiveGateway;
import dev.acmstream.job.live.PipelineBridge;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acm-stream serve}: the live-transcription WebSocket gateway and its browser page. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Live transcription over WebSocket, with a browser page that shows the transcript, the budget",
            "and the learners each token received.",
            "Clients connect to ws://HOST:PORT/v1/stream?encoding=s16le&rate=16000&channels=1, send binary PCM frames",
            "and {\"type\":\"end\"}, and receive partial, final and end events as JSON. The page is at http://HOST:PORT/.",
            "By default the transcription job runs embedded in this process; with --bootstrap-servers the gateway",
            "sends audio to a job on a cluster through Kafka and reads its events back.",
            "Stop with Ctrl-C: open streams are ended and closed with 1001."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "address to listen on; port 0 picks a free one (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--token", description = "bearer token clients must present (Authorization: Bearer T, or ?access_token=T); "
            + "default: $ACM_STREAM_TOKEN. Required when listening on a non-loopback address")
    String token;

    @Option(names = "--no-token", description = "accept clients without a token on a non-loopback address (behind your own auth proxy)")
    boolean noToken;

    @Option(names = "--max-frame-bytes", defaultValue = "65536", description = "largest binary frame (default: ${DEFAULT-VALUE})")
    int maxFrameBytes;

    @Option(names = "--max-stream-seconds", defaultValue = "3600", description = "audio one stream may send (default: ${DEFAULT-VALUE})")
    double maxStreamSeconds;

    @Option(names = "--max-streams", defaultValue = "64", description = "concurrent streams (default: ${DEFAULT-VALUE})")
    int maxStreams;

    @Option(names = "--idle-timeout-ms", defaultValue = "15000", description = "a stream without audio this long is ended (default: ${DEFAULT-VALUE})")
    long idleTimeoutMs;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads of the embedded job (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--first-channel-role", defaultValue = "agent", description = "role of ch0 of stereo streams (default: ${DEFAULT-VALUE})")
    String firstChannelRole;

    @Mixin
    BudgetOptions budget;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = false, heading = "%nA job on a cluster, through Kafka (instead of the embedded job):%n")
    KafkaOptions kafka;

    @Option(names = "--input-topic", defaultValue = "audio", description = "with Kafka: the job's input topic (default: ${DEFAULT-VALUE})")
    String inputTopic;

    @Option(names = "--output-topic", defaultValue = "transcripts", description = "with Kafka: the job's finals topic (default: ${DEFAULT-VALUE})")
    String outputTopic;

    @Option(names = "--partials-topic", description = "with Kafka: the job's partials topic (default: <output-topic>-partials)")
    String partialsTopic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = parseListen(listen);
        String t = token != null ? token : System.getenv("ACM_STREAM_TOKEN");
        if (t != null && t.isBlank()) {
            throw new BadInputException("the token must not be blank");
        }
        if (t == null && !noToken && !address.getAddress().isLoopbackAddress()) {
            throw new BadInputException("listening on " + listen + " (not loopback) needs a token: pass --token, set ACM_STREAM_TOKEN, "
                    + "or pass --no-token if a proxy in front authenticates clients");
        }
        GatewayLimits limits;
        try {
            limits = new GatewayLimits(t, maxFrameBytes, maxStreamSeconds, maxStreams, idleTimeoutMs);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> info = new LinkedHashMap<>();
        PipelineBridge bridge;
        if (kafka == null) {
            Engines.configure(threads);
            RecognizerSettings rs = model.settings();
            info.put("model", describeModel(Path.of(rs.modelDir())));
            info.put("budget", budget.adaptive() ? "adaptive" : budget.budget);
            out.println("starting the embedded transcription job (model " + rs.modelDir() + ") ...");
            out.flush();
            bridge = new InProcessBridge(new TranscriptionJob.Settings(rs, budget.source(),
                    AudioChunkWireFormat.DEFAULT_MAX_PAYLOAD * 16, 8, ChannelRole.parse(firstChannelRole)));
        } else {
            info.put("budget", "set by the cluster's job");
            // The gateway produces and consumes; the job's group, transactions and dead letters are not its business.
            bridge = new KafkaBridge(new KafkaSettings(kafka.bootstrapServers, inputTopic, outputTopic,
                    partialsTopic != null ? partialsTopic : outputTopic + "-partials", null, null, null, 0, kafka.clientProperties()));
        }
        LiveGateway gateway = new LiveGateway(address, limits, bridge, info);
        try {
            gateway.start();
        } catch (java.io.IOException e) {
            bridge.close();
            throw new BadInputException("cannot listen on " + listen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(gateway, bridge);
            stopped.countDown();
        }, "acm-stream-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("live transcription at " + gateway.uri() + (t != null ? "?token=<your token>" : "")
                + "   WebSocket: " + gateway.uri().resolve("v1/stream").toString().replaceFirst("^http", "ws"));
        out.println("audio goes to " + bridge.describe() + ". Ctrl-C stops.");
        out.flush();
        // Serve until Ctrl-C, or until the embedded job dies (then there is nothing to serve).
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (bridge instanceof InProcessBridge b && !b.isRunning()) {
                spec.commandLine().getErr().println("acm-stream: the embedded transcription job stopped; shutting down");
                Runtime.getRuntime().removeShutdownHook(hook);
                stop(gateway, bridge);
                return AcmStreamCli.EXIT_BAD_INPUT;
            }
        }
        return 0;
    }

    private static void stop(LiveGateway gateway, PipelineBridge bridge) {
        try {
            gateway.close();
        } catch (Exception e) {
            System.err.println("acm-stream: stopping the gateway: " + e);
        }
        try {
            bridge.close();
        } catch (Exception e) {
            System.err.println("acm-stream: stopping the pipeline: " + e);
        }
    }

    static Map<String, Object> describeModel(Path dir) throws java.io.IOException {
        ModelConfig c = ModelDirectory.readDescriptor(dir).config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", dir.getFileName().toString());
        m.put("acm", c.isAcm());
        m.put("learners", c.learners());
        m.put("layers", c.layers());
        m.put("dModel", c.dModel());
        return m;
    }

    /** {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code :PORT} (all interfaces) or {@code PORT} (loopback). */
    static InetSocketAddress parseListen(String s) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new BadInputException("--listen must be HOST:PORT, got " + s);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else if (s.contains(":")) {
            host = s.substring(0, s.lastIndexOf(':'));
            port = s.substring(s.lastIndexOf(':') + 1);
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
        } else {
            host = "127.0.0.1";
            port = s;
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new BadInputException("--listen port must be a number, got " + s);
        }
        if (p < 0 || p > 65535) {
            throw new BadInputException("--listen port must be 0 to 65535, got " + p);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new BadInputException("--listen host " + host + " is unknown");
        }
    }
}
