package dev.acmstream.asr.eval;

import dev.acmstream.asr.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real-speech benchmark: Debian's asterisk-core-sounds-en-wav prompts (one human speaker,
 * 8 kHz) with the transcripts of asterisk-core-sounds-en. Entries whose whole transcript is a
 * bracketed, angle-bracketed or parenthesized note of non-speech ({@code [beep tone]},
 * {@code <beep ascending>}, {@code (5 seconds of silence)}) are left out (551 prompts, 24.3 min), and
 * such notes inside a transcript are dropped. References are normalized like every hypothesis
 * ({@link TextNormalizer}: numbers spelled out, {@code *} → star, {@code #} → pound, hyphens → spaces,
 * punctuation removed).
 *
 * <p>This set is for evaluation only: nothing in this project trains or tunes on it.
 */
public final class AsteriskManifest {
    public static final Path TRANSCRIPTS = Path.of("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz");
    public static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds/en_US_f_Allison");

    private AsteriskManifest() {
    }

    /** One prompt: its WAV file and normalized reference. */
    public record Entry(Path wav, String reference) {
    }

    public static List<Entry> load(Path transcripts, Path sounds) throws IOException {
        if (!Files.exists(transcripts)) {
            throw new NoSuchFileException(transcripts.toString(), null, "apt-get install asterisk-core-sounds-en");
        }
        if (!Files.isDirectory(sounds)) {
            throw new NoSuchFileException(sounds.toString(), null, "apt-get install asterisk-core-sounds-en-wav");
        }
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(transcripts)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith(";")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String text = line.substring(colon + 2).trim();
                String speech = withoutNotes(text);
                if (speech.isEmpty()) {
                    continue; // the whole transcript is a note of non-speech
                }
                Path wav = sounds.resolve(name + ".wav");
                if (!Files.exists(wav)) {
                    continue;
                }
                String ref = TextNormalizer.normalize(speech);
                if (!ref.isEmpty()) {
                    out.add(new Entry(wav, ref));
                }
            }
        }
        return out;
    }

    /** A transcript without its notes: bracketed, angle-bracketed and parenthesized parts are not speech. */
    static String withoutNotes(String transcript) {
        return transcript.replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("<[^>]*>", " ")
                .replaceAll("\\([^)]*\\)", " ")
                .trim();
    }

    public static List<Entry> load() throws IOException {
        return load(TRANSCRIPTS, SOUNDS);
    }

    /** Writes a manifest: one {@code path<TAB>reference} line per prompt. */
    public static void write(List<Entry> entries, Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries) {
            lines.add(e.wav() + "\t" + e.reference());
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    /** Reads a manifest; relative paths are relative to the manifest's directory. */
    public static List<Entry> read(Path manifest) throws IOException {
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException(manifest + ":" + n + ": expected 'path<TAB>transcript'");
            }
            Path p = Path.of(line.substring(0, tab));
            if (!p.isAbsolute()) {
                p = manifest.toAbsolutePath().getParent().resolve(p);
            }
            out.add(new Entry(p, TextNormalizer.normalize(line.substring(tab + 1))));
        }
        return out;
    }
}
