package dev.acmstream.audio.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelSplitterTest {
    @Test
    void stereoBecomesTwoMonoStreamsWithRoles() {
        float[][] stereo = {{0.1f, 0.2f, 0.3f}, {-0.5f, -0.6f, -0.7f}};
        byte[] payload = SampleEncoding.S16LE.interleave(stereo);
        AudioChunk c = new AudioChunk("call-9", 5, 1000, 8000, 2, SampleEncoding.S16LE, false, payload);
        List<AudioChunk> parts = new ChannelSplitter().split(c);
        assertThat(parts).extracting(AudioChunk::streamId).containsExactly("call-9#ch0", "call-9#ch1");
        assertThat(parts.get(1).samples()[0][2]).isCloseTo(-0.7f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.sequence()).isEqualTo(5);
            assertThat(p.channels()).isEqualTo(1);
        });
        ChannelSplitter defaults = new ChannelSplitter();
        assertThat(defaults.roleOf("call-9#ch0", 2)).isEqualTo(ChannelRole.AGENT);
        assertThat(defaults.roleOf("call-9#ch1", 2)).isEqualTo(ChannelRole.CUSTOMER);
        ChannelSplitter swapped = new ChannelSplitter(ChannelRole.CUSTOMER);
        assertThat(swapped.roleOf(0, 2)).isEqualTo(ChannelRole.CUSTOMER);
        assertThat(swapped.roleOf(1, 2)).isEqualTo(ChannelRole.AGENT);
        assertThat(defaults.roleOf(0, 1)).isNull();
    }

    @Test
    void monoPassesThrough() {
        AudioChunk c = new AudioChunk("mic", 0, 0, 16000, 1, SampleEncoding.S16LE, false, new byte[4]);
        assertThat(new ChannelSplitter().split(c)).containsExactly(c);
    }

    @Test
    void g711RoundTripStaysWithinItsQuantisation() {
        for (int s = -32768; s < 32768; s += 7) {
            int u = dev.acmstream.audio.G711.ulawToLinear(dev.acmstream.audio.G711.linearToUlaw(s));
            int a = dev.acmstream.audio.G711.alawToLinear(dev.acmstream.audio.G711.linearToAlaw(s));
            int tol = Math.max(40, Math.abs(s) / 15);
            assertThat(Math.abs(u - s)).as("mu-law %d", s).isLessThanOrEqualTo(Math.max(tol, Math.abs(s) > 32000 ? 700 : 0));
            assertThat(Math.abs(a - s)).as("A-law %d", s).isLessThanOrEqualTo(Math.max(tol, Math.abs(s) > 32000 ? 700 : 0));
        }
    }
}
