package dev.acmstream.job.tools;

import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.asr.recognizer.Segment;
import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.job.io.AudioFileSource;
import dev.acmstream.job.pipeline.RecognizerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints what the plain recognizer (no Flink) makes of each file, as {@code stream<TAB>text}
 * lines, with the stream ids {@code produce} gives the files and the job's default settings at
 * budget 1 without a language model. deploy/local-cluster.sh compares the job's output with it.
 */
public final class ReferenceTranscripts {
    private ReferenceTranscripts() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        RecognizerSettings s = RecognizerSettings.defaults(args[0], null);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try (Recognizer r = Recognizer.load(new RecognizerConfig(Path.of(s.modelDir()), null, s.decoder(), s.endpoint()))) {
            OfflineTranscriber t = new OfflineTranscriber(r);
            for (Map.Entry<String, Path> e : AudioFileSource.streamIds(files).entrySet()) {
                StringBuilder sb = new StringBuilder();
                for (Segment seg : t.transcribe(new AudioFileDecoder().decode(e.getValue(), 16000, 1), e.getKey(), 1.0)) {
                    if (!seg.text().isEmpty()) {
                        sb.append(sb.length() > 0 ? " " : "").append(seg.text());
                    }
                }
                System.out.println(e.getKey() + "\t" + sb);
            }
        }
    }
}
