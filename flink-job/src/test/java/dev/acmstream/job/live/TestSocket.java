package dev.acmstream.job.live;

import dev.acmstream.job.events.TranscriptEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of the gateway that records every message and the close code. */
final class TestSocket implements WebSocket.Listener {
    record Closed(int code, String reason) {
    }

    final List<String> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> hello = new CompletableFuture<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static TestSocket connect(HttpClient http, URI uri, String bearer) {
        TestSocket s = new TestSocket();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        s.socket = b.buildAsync(uri, s).join();
        return s;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String m = partial.toString();
            partial.setLength(0);
            messages.add(m);
            if (m.contains("\"type\":\"hello\"")) {
                hello.complete(m);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closed.complete(new Closed(code, reason));
        hello.completeExceptionally(new IllegalStateException("closed before hello: " + code + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
        hello.completeExceptionally(error);
    }

    void sendBinary(byte[] b) {
        socket.sendBinary(ByteBuffer.wrap(b), true).join();
    }

    void sendText(String s) {
        socket.sendText(s, true).join();
    }

    Closed awaitClose(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    /** The transcript events received (not the hello). */
    List<TranscriptEvent> events() {
        return messages.stream().filter(m -> !m.contains("\"type\":\"hello\"")).map(TranscriptEvent::fromJson).toList();
    }

    /** The finals' text, joined. */
    String finalText() {
        StringBuilder sb = new StringBuilder();
        for (TranscriptEvent e : events()) {
            if (e.isFinal() && !e.text.isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(e.text);
            }
        }
        return sb.toString();
    }
}
