package dev.acmstream.asr.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Text to a WAV file through espeak-ng, flite or festival. One instance per worker thread:
 * it keeps a festival process alive, since starting festival for every sentence is ten times
 * slower than the synthesis itself.
 */
public final class Synthesizer implements AutoCloseable {
    private FestivalProcess festival;

    /**
     * @param text speech text from {@link dev.acmstream.asr.text.TextNormalizer#forSpeech}: a–z, apostrophes, spaces and {@code ,.?!;:}
     * @param stretch duration factor: above 1 is slower speech
     * @param pitch espeak-ng pitch 0–99 (other engines ignore it)
     */
    public void synthesize(Voice voice, String text, double stretch, int pitch, Path out) throws IOException {
        switch (voice.engine()) {
            case Voice.ESPEAK -> {
                int wpm = (int) Math.round(170 / stretch);
                ExternalCommand.run(List.of("espeak-ng", "-v", voice.espeakVoice(), "-s", String.valueOf(wpm), "-p",
                        String.valueOf(pitch), "-w", out.toString(), "--stdin"), text, 60);
            }
            case Voice.FLITE -> ExternalCommand.run(List.of("flite", "-voice", voice.name(), "--setf",
                    "duration_stretch=" + stretch, "-t", text, "-o", out.toString()), null, 60);
            case Voice.FESTIVAL -> {
                if (festival == null) {
                    festival = new FestivalProcess();
                }
                festival.synthesize(voice.name(), text, stretch, out);
            }
            default -> throw new IllegalArgumentException("unknown engine " + voice.engine());
        }
    }

    @Override
    public void close() {
        if (festival != null) {
            festival.close();
            festival = null;
        }
    }
}
