package dev.acmstream.job.tools;

import dev.acmstream.job.events.TranscriptEvent;
import dev.acmstream.job.io.EmbeddedKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a transcript topic as a {@code read_committed} consumer and checks that every final
 * segment and end event appears exactly once and that every expected stream has finals and an end. Exits 0 if so, 1 if not.
 * Used by deploy/local-cluster.sh.
 *
 * <p>Arguments: bootstrap servers, topic, then the expected stream ids, or {@code --expect FILE}
 * with {@code stream<TAB>text} lines, in which case each stream's finals, in order, must also
 * spell exactly that text (nothing lost, nothing repeated).
 */
public final class ExactlyOnceCheck {
    private ExactlyOnceCheck() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ExactlyOnceCheck BOOTSTRAP TOPIC STREAM...");
            System.exit(2);
        }
        List<String> records = EmbeddedKafka.readTopic(args[0], args[1], true);
        Map<String, Integer> segments = new HashMap<>();
        Map<String, Integer> perStream = new TreeMap<>();
        Map<String, List<TranscriptEvent>> finals = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        java.util.Set<String> ended = new java.util.HashSet<>();
        List<String> streams = new java.util.ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--expect")) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[++i]))) {
                        String[] f = line.split("\t", 2);
                        expected.put(f[0], f.length > 1 ? f[1] : "");
                        streams.add(f[0]);
                    }
                } catch (java.io.IOException e) {
                    System.err.println("cannot read " + args[i] + ": " + e.getMessage());
                    System.exit(2);
                }
            } else {
                streams.add(args[i]);
            }
        }
        for (String json : records) {
            TranscriptEvent e = TranscriptEvent.fromJson(json);
            String parent = e.stream.contains("#") ? e.stream.substring(0, e.stream.indexOf('#')) : e.stream;
            if (e.isEnd()) {
                segments.merge(e.segment, 1, Integer::sum);
                ended.add(parent);
            }
            if (!e.isFinal()) {
                continue;
            }
            segments.merge(e.segment, 1, Integer::sum);
            perStream.merge(parent, 1, Integer::sum);
            finals.computeIfAbsent(parent, k -> new java.util.ArrayList<>()).add(e);
        }
        boolean ok = true;
        for (Map.Entry<String, Integer> s : segments.entrySet()) {
            if (s.getValue() != 1) {
                System.err.println("segment " + s.getKey() + " appears " + s.getValue() + " times");
                ok = false;
            }
        }
        for (String id : streams) {
            if (perStream.getOrDefault(id, 0) == 0) {
                System.err.println("stream " + id + " has no final segment");
                ok = false;
            }
            if (!ended.contains(id)) {
                System.err.println("stream " + id + " has no end event");
                ok = false;
            }
        }
        for (Map.Entry<String, String> x : expected.entrySet()) {
            List<TranscriptEvent> l = finals.getOrDefault(x.getKey(), List.of());
            l.sort((a, b) -> Double.compare(a.start, b.start));
            StringBuilder got = new StringBuilder();
            for (TranscriptEvent e : l) {
                if (!e.text.isEmpty()) {
                    got.append(got.length() > 0 ? " " : "").append(e.text);
                }
            }
            if (!got.toString().equals(x.getValue())) {
                System.err.println("stream " + x.getKey() + " differs from the plain recognizer:\n  job:   " + got + "\n  plain: " + x.getValue());
                ok = false;
            }
        }
        System.err.println(records.size() + " committed records, " + segments.size() + " distinct final segments, per stream: " + perStream);
        System.err.println(ok ? "exactly once: OK" : "exactly once: FAILED");
        System.exit(ok ? 0 : 1);
    }
}
