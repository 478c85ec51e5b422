package dev.acmstream.job.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.recognizer.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's output: one JSON object per line. {@code partial} events show the text of the open
 * segment so far and may change; {@code final} events close a segment; one {@code end} event
 * follows a stream's last final, so a consumer knows its transcript is complete. The schema is
 * documented in the README. A Flink POJO.
 */
@JsonPropertyOrder({"type", "stream", "role", "segment", "start", "end", "text", "words", "budget", "learnerFraction",
    "encoderMacs", "lagMs"})
public class TranscriptEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String PARTIAL = "partial";
    public static final String FINAL = "final";
    public static final String END = "end";

    /** {@link #PARTIAL}, {@link #FINAL} or {@link #END}. */
    public String type;
    public String stream;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String role;
    public String segment;
    public double start;
    /** Explicit, because {@link #isEnd()} (ignored) would otherwise hide this field from JSON. */
    @com.fasterxml.jackson.annotation.JsonProperty("end")
    public double end;
    public String text;
    public WordTiming[] words = new WordTiming[0];
    public double budget;
    public double learnerFraction;
    public long encoderMacs;
    /** Wall clock minus capture time at emission; null when the input carried no capture time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Long lagMs;

    public TranscriptEvent() {
    }

    public static TranscriptEvent of(Segment s, String role, Long lagMs) {
        TranscriptEvent e = new TranscriptEvent();
        e.type = s.isFinal() ? FINAL : PARTIAL;
        e.stream = s.streamId();
        e.role = role;
        e.segment = s.segmentId();
        e.start = round(s.start());
        e.end = round(s.end());
        e.text = s.text();
        List<WordTiming> words = new ArrayList<>();
        for (Segment.TimedWord w : s.words()) {
            words.add(new WordTiming(w.word(), round(w.start()), round(w.end()), Math.round(w.confidence() * 1000) / 1000.0));
        }
        e.words = words.toArray(new WordTiming[0]);
        e.budget = Math.round(s.budget() * 1000) / 1000.0;
        e.learnerFraction = Math.round(s.learnerFraction() * 1000) / 1000.0;
        e.encoderMacs = s.encoderMacs();
        e.lagMs = lagMs;
        return e;
    }

    /** The last event of a stream; {@code end} is the length of the stream's audio in seconds. */
    public static TranscriptEvent end(String stream, String role, double audioSeconds, Long lagMs) {
        TranscriptEvent e = new TranscriptEvent();
        e.type = END;
        e.stream = stream;
        e.role = role;
        e.segment = stream + "/end";
        e.start = 0;
        e.end = round(audioSeconds);
        e.text = "";
        e.lagMs = lagMs;
        return e;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFinal() {
        return FINAL.equals(type);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPartial() {
        return PARTIAL.equals(type);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEnd() {
        return END.equals(type);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TranscriptEvent fromJson(String json) {
        try {
            return JSON.readValue(json, TranscriptEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a transcript event: " + json, e);
        }
    }

    /** A word with times in seconds of stream audio and a confidence in [0, 1]. A Flink POJO. */
    @JsonPropertyOrder({"word", "start", "end", "conf"})
    public static class WordTiming {
        public String word;
        public double start;
        public double end;
        public double conf;

        public WordTiming() {
        }

        public WordTiming(String word, double start, double end, double conf) {
            this.word = word;
            this.start = start;
            this.end = end;
            this.conf = conf;
        }
    }
}
