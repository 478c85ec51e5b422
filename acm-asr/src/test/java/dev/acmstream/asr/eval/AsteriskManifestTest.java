package dev.acmstream.asr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsteriskManifestTest {

    @TempDir
    Path dir;

    @Test
    void leavesOutNonSpeechEntriesAndNotesAndMissingAudio() throws IOException {
        Path sounds = dir.resolve("sounds");
        Path transcripts = dir.resolve("core-sounds-en.txt.gz");
        String text = String.join("\n",
                "; a comment line: not an entry",
                "beep: [this is a simple beep tone]",
                "confbridge-join: <beep ascending>",
                "silence/3: (3 seconds of silence)",
                "letters/at: at [@]",
                "vm-intro: Leave a message after the tone. (simple tone sound plays)",
                "vm-press: Press # or * to end, then 2-3 digits.",
                "not-recorded: this prompt has no audio file",
                "");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(transcripts))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        for (String name : List.of("beep", "confbridge-join", "silence/3", "letters/at", "vm-intro", "vm-press")) {
            Path wav = sounds.resolve(name + ".wav");
            Files.createDirectories(wav.getParent());
            Files.write(wav, new byte[44]);
        }

        Map<String, String> refs = AsteriskManifest.load(transcripts, sounds).stream()
                .collect(Collectors.toMap(e -> sounds.relativize(e.wav()).toString(), AsteriskManifest.Entry::reference));

        assertEquals(Map.of(
                "letters/at.wav", "at",
                "vm-intro.wav", "leave a message after the tone",
                "vm-press.wav", "press pound or star to end then two three digits"), refs);
    }

    @Test
    void missingPackagesAreNamedInTheError() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AsteriskManifest.load(dir.resolve("absent.txt.gz"), dir));
        assertEquals("apt-get install asterisk-core-sounds-en", e.getReason());
    }

    @Test
    void theDebianSetHas551PromptsOf24Minutes() throws IOException {
        assumeTrue(Files.exists(AsteriskManifest.TRANSCRIPTS) && Files.isDirectory(AsteriskManifest.SOUNDS),
                "asterisk-core-sounds-en(-wav) not installed");
        List<AsteriskManifest.Entry> entries = AsteriskManifest.load();
        assertEquals(551, entries.size());
        double seconds = 0;
        for (AsteriskManifest.Entry e : entries) {
            seconds += (Files.size(e.wav()) - 44) / 2.0 / 8000.0; // 16-bit mono 8 kHz WAV with a 44-byte header
        }
        assertEquals(24.3, seconds / 60, 0.1);
    }
}
