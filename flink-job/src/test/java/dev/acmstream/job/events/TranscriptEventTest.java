package dev.acmstream.job.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TranscriptEventTest {
    @Test
    void everyDocumentedFieldIsInTheJsonAndSurvivesARoundTrip() throws Exception {
        TranscriptEvent e = new TranscriptEvent();
        e.type = TranscriptEvent.FINAL;
        e.stream = "call-1#ch0";
        e.role = "agent";
        e.segment = "call-1#ch0@3";
        e.start = 1.25;
        e.end = 2.5;
        e.text = "thank you";
        e.words = new TranscriptEvent.WordTiming[] {new TranscriptEvent.WordTiming("thank", 1.3, 1.6, 0.9)};
        e.budget = 0.6;
        e.learnerFraction = 0.55;
        e.encoderMacs = 123;
        e.lagMs = 400L;
        JsonNode n = new ObjectMapper().readTree(e.toJson());
        assertThat(n.fieldNames()).toIterable().containsExactly("type", "stream", "role", "segment", "start", "end", "text",
                "words", "budget", "learnerFraction", "encoderMacs", "lagMs");
        assertThat(n.get("end").asDouble()).isEqualTo(2.5);
        TranscriptEvent back = TranscriptEvent.fromJson(e.toJson());
        assertThat(back).usingRecursiveComparison().isEqualTo(e);
        assertThat(back.isFinal()).isTrue();
        assertThat(back.isEnd()).isFalse();
    }

    @Test
    void theEndEventCarriesTheStreamLength() {
        TranscriptEvent e = TranscriptEvent.fromJson(TranscriptEvent.end("s", null, 12.345, null).toJson());
        assertThat(e.isEnd()).isTrue();
        assertThat(e.end).isEqualTo(12.35);
        assertThat(e.toJson()).contains("\"role\":null").doesNotContain("lagMs");
    }
}
