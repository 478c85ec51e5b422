package dev.acmstream.job.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.job.events.DeadLetter;
import java.nio.charset.StandardCharsets;

/** Dead letters as JSON: reason, detail, stream, origin, time and the record's first bytes. */
final class DeadLetterJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterJson() {
    }

    static byte[] bytes(DeadLetter d) {
        return string(d).getBytes(StandardCharsets.UTF_8);
    }

    static String string(DeadLetter d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
