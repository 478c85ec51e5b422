package dev.acmstream.audio.channels;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.StreamIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-channel stream {@code X} into mono streams {@code X#ch0}, {@code X#ch1}, ...
 * and says which role each channel plays in a two-party call (by default ch0 is the agent).
 * Mono streams keep their id and have no role.
 */
public final class ChannelSplitter {
    private final ChannelRole firstChannelRole;

    public ChannelSplitter() {
        this(ChannelRole.AGENT);
    }

    /** @param firstChannelRole the role of ch0; ch1 gets the other one */
    public ChannelSplitter(ChannelRole firstChannelRole) {
        this.firstChannelRole = firstChannelRole;
    }

    /** The role of channel {@code c} of a stream with {@code channels} channels, or null. */
    public ChannelRole roleOf(int c, int channels) {
        if (channels != 2) {
            return null;
        }
        ChannelRole other = firstChannelRole == ChannelRole.AGENT ? ChannelRole.CUSTOMER : ChannelRole.AGENT;
        return c == 0 ? firstChannelRole : other;
    }

    /** The role of a stream id produced by {@link #split}, given its parent's channel count. */
    public ChannelRole roleOf(String streamId, int channels) {
        int hash = streamId.lastIndexOf("#ch");
        if (hash < 0) {
            return null;
        }
        try {
            return roleOf(Integer.parseInt(streamId.substring(hash + 3)), channels);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One mono chunk per channel, in the original encoding; a mono chunk is returned as it is. */
    public List<AudioChunk> split(AudioChunk chunk) {
        if (chunk.channels() == 1) {
            return List.of(chunk);
        }
        SampleEncoding enc = chunk.encoding();
        int bps = enc.bytesPerSample();
        int channels = chunk.channels();
        int frames = chunk.frames();
        byte[] in = chunk.payload();
        List<AudioChunk> out = new ArrayList<>(channels);
        for (int c = 0; c < channels; c++) {
            byte[] mono = new byte[frames * bps];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(in, (f * channels + c) * bps, mono, f * bps, bps);
            }
            out.add(new AudioChunk(StreamIds.channel(chunk.streamId(), c), chunk.sequence(), chunk.captureTimeMs(),
                    chunk.sampleRate(), 1, enc, chunk.endOfStream(), mono));
        }
        return out;
    }
}
