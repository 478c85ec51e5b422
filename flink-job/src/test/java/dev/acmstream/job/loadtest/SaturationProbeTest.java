package dev.acmstream.job.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationProbeTest {
    static EventRecorder.Sample partial(long atMs, long lagMs, String stream) {
        return new EventRecorder.Sample(atMs, 1.0, lagMs, stream, 0, 1.0, true);
    }

    @Test
    void countsEachStreamsDecodedAudioInTheWindowFromPartialsOnly() {
        List<EventRecorder.Sample> s = new ArrayList<>();
        // Stream a falls behind: its lag grows by 0.5 s per second, so it decodes 0.5 audio-s per s.
        // Stream b keeps up: lag stays 0.3 s, 1 audio-s per s.
        for (long t = 0; t <= 30_000; t += 500) {
            s.add(partial(t, 200 + t / 2, "a"));
            s.add(partial(t + 100, 300, "b"));
        }
        // A final of stream b arrives late (its checkpoint committed): its small lag must not count.
        s.add(new EventRecorder.Sample(29_900, 1.0, 10, "b", 0, 1.0, false));
        double decoded = SaturationProbe.decodedPerSecond(s, 10, 30);
        assertThat(decoded).isCloseTo(1.5, within(0.03));
    }

    @Test
    void aStreamSeenOnlyInsideTheWindowDoesNotCount() {
        List<EventRecorder.Sample> s = List.of(partial(12_000, 100, "late"), partial(20_000, 100, "late"));
        assertThat(SaturationProbe.decodedPerSecond(s, 10, 30)).isZero();
    }
}
