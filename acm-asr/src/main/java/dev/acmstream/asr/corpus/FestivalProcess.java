package dev.acmstream.asr.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code festival --pipe} process fed Scheme commands. After each utterance it
 * prints a numbered marker on stderr, which festival does not buffer (its stdout is block-buffered
 * into a pipe), and the marker tells us the file is complete; a process that fails is replaced.
 */
final class FestivalProcess implements AutoCloseable {
    private Process process;
    private Writer in;
    private BufferedReader out;
    private String currentVoice;
    private long counter;

    void synthesize(String voice, String text, double stretch, Path wav) throws IOException {
        if (!text.matches("[a-z' ,.?!;:]*")) {
            throw new IllegalArgumentException("festival text must be normalized: " + text);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                ensureStarted();
                long id = ++counter;
                StringBuilder cmd = new StringBuilder();
                if (!voice.equals(currentVoice)) {
                    cmd.append("(voice_").append(voice).append(")\n");
                    currentVoice = voice;
                }
                cmd.append("(Parameter.set 'Duration_Stretch ").append(String.format(java.util.Locale.ROOT, "%.3f", stretch)).append(")\n");
                cmd.append("(utt.save.wave (SynthText \"").append(text).append("\") \"").append(wav).append("\" 'riff)\n");
                cmd.append("(format stderr \"ACM-DONE ").append(id).append("\\n\")\n");
                in.write(cmd.toString());
                in.flush();
                String marker = "ACM-DONE " + id;
                String line;
                StringBuilder noise = new StringBuilder();
                while ((line = out.readLine()) != null) {
                    if (line.contains(marker)) {
                        if (!Files.exists(wav) || Files.size(wav) < 100) {
                            throw new IOException("festival wrote no audio for: " + text + " " + noise);
                        }
                        return;
                    }
                    noise.append(line).append(' ');
                }
                throw new IOException("festival exited: " + noise);
            } catch (IOException e) {
                close();
                if (attempt == 1) {
                    throw e;
                }
            }
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder("festival", "--pipe").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start festival (apt-get install festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts)", e);
        }
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        currentVoice = null;
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                in.close();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
