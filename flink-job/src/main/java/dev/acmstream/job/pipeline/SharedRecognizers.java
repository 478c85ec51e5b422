package dev.acmstream.job.pipeline;

import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link Recognizer} per model and decoder setting per JVM, shared by all recognizer
 * subtasks in a TaskManager and closed when the last one closes: the model's weights are loaded
 * once, not once per slot.
 */
final class SharedRecognizers {
    private static final Map<RecognizerSettings, Entry> OPEN = new HashMap<>();

    private record Entry(Recognizer recognizer, int[] users) {
    }

    private SharedRecognizers() {
    }

    static synchronized Recognizer acquire(RecognizerSettings s) throws IOException {
        Entry e = OPEN.get(s);
        if (e == null) {
            Recognizer r = Recognizer.load(new RecognizerConfig(Path.of(s.modelDir()), s.lmFile() == null ? null : Path.of(s.lmFile()),
                    s.decoder(), s.endpoint()));
            e = new Entry(r, new int[1]);
            OPEN.put(s, e);
        }
        e.users()[0]++;
        return e.recognizer();
    }

    static synchronized void release(RecognizerSettings s) {
        Entry e = OPEN.get(s);
        if (e != null && --e.users()[0] == 0) {
            OPEN.remove(s);
            e.recognizer().close();
        }
    }
}
