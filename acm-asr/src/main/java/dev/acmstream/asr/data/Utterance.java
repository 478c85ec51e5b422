package dev.acmstream.asr.data;

/**
 * One utterance of a feature corpus, as listed in a shard index.
 *
 * @param id unique id, e.g. {@code u0001234}
 * @param split train, dev or test
 * @param speaker the speaker id (see {@code Voice})
 * @param source the text source
 * @param frames number of 10 ms feature frames
 * @param seconds duration after augmentation
 * @param shard shard file name
 * @param offset byte offset of the features in the shard
 * @param label normalized transcript
 */
public record Utterance(String id, String split, String speaker, String source, int frames, double seconds,
                        String shard, long offset, String label) {

    static final String HEADER = "id\tsplit\tspeaker\tsource\tframes\tseconds\toffset\tlabel";

    String toTsv() {
        return String.join("\t", id, split, speaker, source, String.valueOf(frames), String.format(java.util.Locale.ROOT, "%.3f", seconds),
                String.valueOf(offset), label);
    }

    static Utterance fromTsv(String line, String shard) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("bad index line in " + shard + ": " + line);
        }
        return new Utterance(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]), shard,
                Long.parseLong(f[6]), f[7]);
    }
}
