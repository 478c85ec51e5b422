package dev.acmstream.job.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import dev.acmstream.job.testing.TestAudio;
import dev.acmstream.job.testing.TestModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket gateway in front of the embedded job, driven by a Java client. */
class LiveGatewayTest {
    static final double BUDGET = 0.6;
    static final String TOKEN = "s3cret-token";
    static final int MAX_FRAME = 8192;
    static final int MAX_STREAMS = 8;
    static final double MAX_SECONDS = 10;
    static final long IDLE_MS = 3000;

    static InProcessBridge bridge;
    static LiveGateway gateway;
    static HttpClient http;
    static List<Path> prompts;
    static Map<Path, String> expected = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        prompts = TestAudio.prompts(3);
        RecognizerSettings rs = RecognizerSettings.defaults(TestModel.dir().toString(), null);
        try (Recognizer r = Recognizer.load(new RecognizerConfig(Path.of(rs.modelDir()), null, rs.decoder(), rs.endpoint()))) {
            OfflineTranscriber t = new OfflineTranscriber(r);
            for (Path p : prompts) {
                expected.put(p, t.text(TestAudio.decode(p), BUDGET));
            }
        }
        bridge = new InProcessBridge(new TranscriptionJob.Settings(rs, BudgetSource.fixed(BUDGET), 1 << 20, 8, ChannelRole.AGENT));
        gateway = new LiveGateway(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new GatewayLimits(TOKEN, MAX_FRAME, MAX_SECONDS, MAX_STREAMS, IDLE_MS), bridge, Map.of("budget", BUDGET)).start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        bridge.close();
    }

    static URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/v1/stream" + (query.isEmpty() ? "" : "?" + query));
    }

    static TestSocket connect(String query) {
        return TestSocket.connect(http, uri(query), TOKEN);
    }

    /** The prompt as s16le frames of 20 ms at its own rate (8 kHz). */
    static List<byte[]> frames(Path wav, int repeat) {
        DecodedAudio a = TestAudio.decode(wav);
        float[] x = a.samples()[0];
        float[] all = new float[x.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(x, 0, all, i * x.length, x.length);
        }
        int n = a.sampleRate() / 50;
        List<byte[]> out = new ArrayList<>();
        for (int p = 0; p < all.length; p += n) {
            out.add(SampleEncoding.S16LE.interleave(new float[][] {Arrays.copyOfRange(all, p, Math.min(all.length, p + n))}));
        }
        return out;
    }

    /** Streams the prompt in 20 ms frames, in real time or as fast as possible, then ends the stream. */
    static CompletableFuture<TestSocket> stream(Path wav, boolean realTime) {
        return CompletableFuture.supplyAsync(() -> {
            TestSocket s = connect("encoding=s16le&rate=8000");
            s.hello.join();
            long t0 = System.nanoTime();
            List<byte[]> frames = frames(wav, 1);
            for (int i = 0; i < frames.size(); i++) {
                if (realTime) {
                    long due = t0 + i * 20_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                }
                s.sendBinary(frames.get(i));
            }
            s.sendText("{\"type\":\"end\"}");
            return s;
        });
    }

    static void sleepNanos(long n) {
        try {
            TimeUnit.NANOSECONDS.sleep(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void streamsInTwentyMillisecondFramesGiveThePlainRecognizersTextWithPartialsFirst() throws Exception {
        assertThat(expected.values()).as("the test model must produce text for the prompts").allSatisfy(t -> assertThat(t).isNotBlank());
        List<CompletableFuture<TestSocket>> running = new ArrayList<>();
        for (Path p : prompts) {
            running.add(stream(p, true));
        }
        for (int i = 0; i < prompts.size(); i++) {
            TestSocket s = running.get(i).get(60, TimeUnit.SECONDS);
            assertThat(s.awaitClose(60)).isEqualTo(new TestSocket.Closed(CloseCodes.NORMAL, "end of stream"));
            String streamId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.hello.join()).get("stream").asText();
            assertThat(s.hello.join()).contains("\"sampleRate\":8000", "\"encoding\":\"s16le\"", "\"maxStreams\":" + MAX_STREAMS);
            List<TranscriptEvent> events = s.events();
            assertThat(s.finalText()).as(prompts.get(i).getFileName().toString()).isEqualTo(expected.get(prompts.get(i)));
            assertThat(events).allSatisfy(e -> assertThat(e.stream).isEqualTo(streamId));
            int firstPartial = indexOf(events, TranscriptEvent.PARTIAL);
            int firstFinal = indexOf(events, TranscriptEvent.FINAL);
            assertThat(firstPartial).as("a partial arrives").isGreaterThanOrEqualTo(0);
            assertThat(firstPartial).as("partials come before the first final").isLessThan(firstFinal);
            assertThat(events.get(events.size() - 1).isEnd()).isTrue();
            assertThat(events).filteredOn(TranscriptEvent::isEnd).hasSize(1);
            assertThat(events).filteredOn(e -> !e.isEnd()).allSatisfy(e -> {
                assertThat(e.budget).isEqualTo(BUDGET);
                assertThat(e.lagMs).isNotNull();
            });
        }
        assertThat(gateway.openStreams()).isZero();
    }

    private static int indexOf(List<TranscriptEvent> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type.equals(type)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void protocolAbuseGetsTheRightCloseCodesAndLeavesOtherStreamsAlone() throws Exception {
        CompletableFuture<TestSocket> good = stream(prompts.get(0), true);

        TestSocket wrongToken = TestSocket.connect(http, uri("encoding=s16le&rate=8000"), "wrong");
        TestSocket noToken = TestSocket.connect(http, uri("encoding=s16le&rate=8000"), null);
        TestSocket queryToken = TestSocket.connect(http, uri("access_token=" + TOKEN + "&rate=8000"), null);
        TestSocket badFormat = connect("encoding=flac");
        TestSocket badRate = connect("rate=4000");
        assertThat(wrongToken.awaitClose(10).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(noToken.awaitClose(10).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(queryToken.hello.get(10, TimeUnit.SECONDS)).contains("hello");
        assertThat(badFormat.awaitClose(10)).isEqualTo(new TestSocket.Closed(CloseCodes.UNSUPPORTED_DATA,
                "unsupported encoding 'flac' (use s16le or mulaw)"));
        assertThat(badRate.awaitClose(10).code()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);

        TestSocket garbage = connect("rate=8000");
        garbage.hello.get(10, TimeUnit.SECONDS);
        garbage.sendText("hello? {not json");
        assertThat(garbage.awaitClose(10).code()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);

        TestSocket odd = connect("rate=8000");
        odd.hello.get(10, TimeUnit.SECONDS);
        odd.sendBinary(new byte[321]);
        assertThat(odd.awaitClose(10).code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);

        TestSocket big = connect("rate=8000");
        big.hello.get(10, TimeUnit.SECONDS);
        big.sendBinary(new byte[MAX_FRAME + 2]);
        assertThat(big.awaitClose(10)).isEqualTo(new TestSocket.Closed(CloseCodes.MESSAGE_TOO_BIG,
                "a binary frame of " + (MAX_FRAME + 2) + " bytes is over the limit of " + MAX_FRAME));
        int streamsBeforeHuge = gateway.openStreams();
        TestSocket huge = connect("rate=8000");
        huge.hello.get(10, TimeUnit.SECONDS);
        try {
            huge.sendBinary(new byte[10 * MAX_FRAME]);
        } catch (java.util.concurrent.CompletionException e) {
            // the server may close before the whole frame is written
        }
        try {
            assertThat(huge.awaitClose(10).code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        } catch (ExecutionException e) {
            // The server closed while the client was still writing the frame: the pipe broke before
            // the client could read the close frame. What matters is that the server let the stream go.
            assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.openStreams() > streamsBeforeHuge && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gateway.openStreams()).isLessThanOrEqualTo(streamsBeforeHuge);

        TestSocket afterEnd = connect("rate=8000");
        afterEnd.hello.get(10, TimeUnit.SECONDS);
        afterEnd.sendBinary(frames(prompts.get(1), 1).get(0));
        afterEnd.sendText("{\"type\":\"end\"}");
        afterEnd.sendBinary(new byte[320]);
        assertThat(afterEnd.awaitClose(10).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);

        // 200 connections at once: the free slots get a hello, the rest 1013, and nothing else breaks.
        queryToken.sendText("{\"type\":\"end\"}");
        assertThat(queryToken.awaitClose(10).code()).isEqualTo(CloseCodes.NORMAL);
        List<CompletableFuture<TestSocket>> crowd = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            crowd.add(CompletableFuture.supplyAsync(() -> connect("rate=8000")));
        }
        int admitted = 0;
        int refused = 0;
        List<TestSocket> in = new ArrayList<>();
        for (CompletableFuture<TestSocket> f : crowd) {
            TestSocket s = f.get(60, TimeUnit.SECONDS);
            try {
                s.hello.get(30, TimeUnit.SECONDS);
                admitted++;
                in.add(s);
            } catch (ExecutionException e) {
                assertThat(s.awaitClose(10).code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
                refused++;
            }
        }
        assertThat(admitted + refused).isEqualTo(200);
        assertThat(admitted).isBetween(1, MAX_STREAMS - 1); // the good stream holds one slot
        assertThat(refused).isGreaterThanOrEqualTo(200 - MAX_STREAMS + 1);
        for (TestSocket s : in) {
            s.sendText("{\"type\":\"end\"}");
            assertThat(s.awaitClose(10).code()).isEqualTo(CloseCodes.NORMAL);
        }

        TestSocket g = good.get(60, TimeUnit.SECONDS);
        assertThat(g.awaitClose(60).code()).isEqualTo(CloseCodes.NORMAL);
        assertThat(g.finalText()).isEqualTo(expected.get(prompts.get(0)));

        // Still serving.
        TestSocket after = stream(prompts.get(1), false).get(60, TimeUnit.SECONDS);
        assertThat(after.awaitClose(60).code()).isEqualTo(CloseCodes.NORMAL);
        assertThat(after.finalText()).isEqualTo(expected.get(prompts.get(1)));
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(gateway.openStreams()).isZero();
    }

    @Test
    void anIdleStreamIsEndedWithItsTranscriptAndALongOneIsCutAtTheMaximumDuration() throws Exception {
        TestSocket idle = connect("rate=8000");
        idle.hello.get(10, TimeUnit.SECONDS);
        for (byte[] f : frames(prompts.get(2), 1)) {
            idle.sendBinary(f);
        }
        // No end message: after the idle timeout the gateway ends the stream, delivers its transcript and closes.
        TestSocket.Closed c = idle.awaitClose(30);
        assertThat(c.code()).isEqualTo(CloseCodes.IDLE_TIMEOUT);
        assertThat(idle.finalText()).isEqualTo(expected.get(prompts.get(2)));
        assertThat(idle.events().get(idle.events().size() - 1).isEnd()).isTrue();

        TestSocket longOne = connect("rate=8000");
        longOne.hello.get(10, TimeUnit.SECONDS);
        List<byte[]> frames = frames(prompts.get(0), 4);
        double seconds = 0;
        for (byte[] f : frames) {
            try {
                longOne.sendBinary(f);
            } catch (java.util.concurrent.CompletionException e) {
                break; // closed at the limit, as it should
            }
            seconds += f.length / 2 / 8000.0;
        }
        assertThat(seconds).isGreaterThan(MAX_SECONDS);
        assertThat(longOne.awaitClose(30).code()).isEqualTo(CloseCodes.MAX_DURATION);
        TranscriptEvent end = longOne.events().get(longOne.events().size() - 1);
        assertThat(end.isEnd()).isTrue();
        assertThat(end.end).as(longOne.messages.toString()).isCloseTo(MAX_SECONDS, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void thePageAndItsAssetsAreServedFromTheJar() throws Exception {
        for (String path : List.of("", "app.js", "style.css", "capture-worklet.js", "v1/info")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/" + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        }
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.body()).contains("\"tokenRequired\":true", "\"budget\":0.6");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/nope.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
