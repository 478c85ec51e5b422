package dev.acmstream.asr.corpus;

import dev.acmstream.asr.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Sentences from the text packages Debian ships: fortunes, the King James Bible (through the
 * {@code bible} program of bible-kjv), the Jargon File and WordNet's usage examples. Each is split
 * into sentences, cleaned and kept only if a synthesizer will say exactly what the label says:
 * no acronyms, no code, no leftover symbols, 1–24 words.
 */
public final class TextSources {
    public static final Path FORTUNES = Path.of("/usr/share/games/fortunes");
    public static final Path JARGON = Path.of("/usr/share/doc/jargon-text/jargon.txt.gz");
    public static final Path WORDNET = Path.of("/usr/share/wordnet");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z\"'])");
    private static final Pattern WORDNET_EXAMPLE = Pattern.compile("\"([^\"]{8,200})\"");
    private static final int MAX_WORDS = 24;

    private TextSources() {
    }

    /** A cleaned sentence in written form, and the source it came from. */
    public record Sentence(String source, String text) {
    }

    public static List<Sentence> fortunes() throws IOException {
        List<Sentence> out = new ArrayList<>();
        if (!Files.isDirectory(FORTUNES)) {
            throw new IOException("no fortunes at " + FORTUNES + ": apt-get install fortunes");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(FORTUNES)) {
            files = s.filter(p -> !p.getFileName().toString().contains(".")).sorted()
                    .filter(p -> !p.getFileName().toString().contains("art")).toList();
        }
        for (Path f : files) {
            String all = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            for (String fortune : all.split("\n%\n")) {
                // Attributions ("-- Mark Twain") and indented verse layout are not sentences.
                String body = fortune.replaceAll("(?m)^\\s*--.*$", " ").replaceAll("\\s+", " ").trim();
                splitAndKeep("fortunes", body, out);
            }
        }
        return out;
    }

    public static List<Sentence> bible() throws IOException {
        List<Sentence> out = new ArrayList<>();
        Process p;
        try {
            p = new ProcessBuilder("bible", "-l10000", "Gen1:1-Rev22:21").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the bible program is missing: apt-get install bible-kjv bible-kjv-text", e);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String verse = line.replaceFirst("^\\s*\\d+\\s+", "").trim();
                if (!verse.isEmpty() && !line.matches("^\\S.*\\d+$")) {
                    for (String clause : verse.split("(?<=[.;:?!])\\s+")) {
                        keep("bible", clause, out);
                    }
                }
            }
        }
        return out;
    }

    public static List<Sentence> jargon() throws IOException {
        List<Sentence> out = new ArrayList<>();
        if (!Files.exists(JARGON)) {
            throw new IOException("no Jargon File at " + JARGON + ": apt-get install jargon-text");
        }
        StringBuilder para = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(JARGON)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    splitAndKeep("jargon", jargonBody(para.toString()), out);
                    para.setLength(0);
                } else {
                    para.append(' ').append(line);
                }
            }
        }
        splitAndKeep("jargon", jargonBody(para.toString()), out);
        return out;
    }

    /** Drops the ":headword: n." prefix of a Jargon File entry and folds white space. */
    private static String jargonBody(String para) {
        String s = para.replaceAll("\\s+", " ").trim();
        return s.startsWith(":") ? s.replaceFirst("^:[^:]*:\\s*(\\w+\\.\\s*)*", "") : s;
    }

    public static List<Sentence> wordnet() throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (String pos : List.of("noun", "verb", "adj", "adv")) {
            Path f = WORDNET.resolve("data." + pos);
            if (!Files.exists(f)) {
                throw new IOException("no WordNet data at " + f + ": apt-get install wordnet-base");
            }
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    int bar = line.indexOf(" | ");
                    if (line.startsWith("  ") || bar < 0) {
                        continue;
                    }
                    Matcher m = WORDNET_EXAMPLE.matcher(line.substring(bar));
                    while (m.find()) {
                        keep("wordnet", m.group(1), out);
                    }
                }
            }
        }
        return out;
    }

    private static void splitAndKeep(String source, String text, List<Sentence> out) {
        for (String s : SENTENCE_END.split(text)) {
            keep(source, s, out);
        }
    }

    private static void keep(String source, String raw, List<Sentence> out) {
        String s = raw.trim().replaceAll("^[\"'(\\[]+|[\"')\\]]+$", "").trim();
        if (s.length() < 2 || !isSpeakable(s)) {
            return;
        }
        String norm = TextNormalizer.normalize(s);
        int words = norm.isEmpty() ? 0 : norm.split(" ").length;
        if (words >= 1 && words <= MAX_WORDS) {
            out.add(new Sentence(source, s));
        }
    }

    /**
     * Rejects text whose spoken form a synthesizer would guess differently from our label:
     * acronyms, code, URLs, stray symbols and non-Latin scripts.
     */
    static boolean isSpeakable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127 || "<>{}[]|\\^~_=*#@$%&+/`".indexOf(c) >= 0) {
                return false;
            }
        }
        for (String w : s.split("[\\s,.;:!?\"()-]+")) {
            if (w.length() >= 2 && w.equals(w.toUpperCase(Locale.ROOT)) && w.chars().anyMatch(Character::isLetter)
                    && !w.equals("OK")) {
                return false;
            }
            if (w.matches(".*\\d.*[a-zA-Z].*|.*[a-zA-Z].*\\d.*")) {
                return false;
            }
        }
        return !s.contains("http") && !s.contains("www.") && !s.contains("..");
    }

    /** Removes duplicates by normalized text, keeping the first. */
    public static List<Sentence> dedupe(List<Sentence> in) {
        Set<String> seen = new LinkedHashSet<>();
        List<Sentence> out = new ArrayList<>();
        for (Sentence s : in) {
            if (seen.add(TextNormalizer.normalize(s.text()))) {
                out.add(s);
            }
        }
        return out;
    }
}
