package dev.acmstream.asr.recognizer;

import dev.acmstream.audio.decode.DecodedAudio;
import java.util.ArrayList;
import java.util.List;

/**
 * Transcribes whole recordings with the streaming recognizer, chunk by chunk, exactly as a live
 * stream would be decoded; every channel becomes its own stream ({@code id#chN}) and all
 * channels advance in one batch.
 */
public final class OfflineTranscriber {
    /** Whole files are one big backlog: 8 chunks (5.1 s) per stream per call use the CPU well. */
    private static final int MAX_CHUNKS_PER_CALL = 8;
    private final Recognizer recognizer;
    private long encoderNanos;
    private long searchNanos;
    private boolean recordPosteriors;
    private List<List<RecognizerStream.Posteriors>> lastPosteriors = List.of();

    public OfflineTranscriber(Recognizer recognizer) {
        this.recognizer = recognizer;
    }

    /** Final segments of every channel, in channel order, at budget {@code budget}. */
    public List<Segment> transcribe(DecodedAudio audio, String id, double budget) {
        List<RecognizerStream> streams = new ArrayList<>();
        for (int c = 0; c < audio.channels(); c++) {
            String sid = audio.channels() == 1 ? id : id + "#ch" + c;
            RecognizerStream s = recognizer.createStream(sid);
            if (recordPosteriors) {
                s.record();
            }
            AudioFrontEnd fe = new AudioFrontEnd(audio.sampleRate());
            s.acceptFeatures(fe.accept(audio.samples()[c]));
            s.acceptFeatures(fe.finish());
            s.inputFinished();
            streams.add(s);
        }
        List<Segment> out = new ArrayList<>();
        try (var resident = recognizer.newResidentState()) {
            while (streams.stream().anyMatch(RecognizerStream::isReady)) {
                Recognizer.DecodeStats st = recognizer.decode(streams, budget, resident, MAX_CHUNKS_PER_CALL);
                encoderNanos += st.encoderNanos();
                searchNanos += st.searchNanos();
            }
        }
        List<List<RecognizerStream.Posteriors>> posteriors = new ArrayList<>();
        for (RecognizerStream s : streams) {
            out.addAll(s.drainFinals());
            if (recordPosteriors) {
                posteriors.add(s.recorded());
            }
        }
        lastPosteriors = posteriors;
        return out;
    }

    /** From now on, keeps each channel's encoder outputs of the latest transcription ({@link #lastPosteriors()}). */
    public OfflineTranscriber recordingPosteriors() {
        recordPosteriors = true;
        return this;
    }

    /** Per channel, the encoder outputs of the latest {@link #transcribe}, for {@link Recognizer#replay}. */
    public List<List<RecognizerStream.Posteriors>> lastPosteriors() {
        return lastPosteriors;
    }

    /** Wall time spent in the encoder so far, over every call, in seconds. */
    public double encoderSeconds() {
        return encoderNanos / 1e9;
    }

    /** Wall time spent in the beam search (with the LM) and endpointing so far, in seconds. */
    public double searchSeconds() {
        return searchNanos / 1e9;
    }

    /** The whole text of one mono recording: its final segments joined. */
    public String text(DecodedAudio audio, double budget) {
        return text(transcribe(audio, "utt", budget));
    }

    /** The text of final segments, joined by spaces, empty ones left out. */
    public static String text(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            if (!s.text().isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(s.text());
            }
        }
        return sb.toString();
    }
}
