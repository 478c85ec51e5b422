package dev.acmstream.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * LM weight, word bonus and blank penalty tuned on the synthetic dev split, stored as {@code decoder.properties}
 * beside a model. A file written before the blank penalty existed reads as penalty 0, the search it was tuned with.
 */
record DecoderTuning(float lmWeight, float wordBonus, float blankPenalty) {
    static final String FILE = "decoder.properties";
    static final DecoderTuning DEFAULT = new DecoderTuning(0.5f, 1.0f, 0f);

    static DecoderTuning read(Path modelDir) {
        Path f = modelDir.resolve(FILE);
        if (!Files.exists(f)) {
            return DEFAULT;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + f + ": " + e.getMessage());
        }
        try {
            return new DecoderTuning(Float.parseFloat(p.getProperty("lmWeight", "0.5")), Float.parseFloat(p.getProperty("wordBonus", "1.0")),
                    Float.parseFloat(p.getProperty("blankPenalty", "0")));
        } catch (NumberFormatException e) {
            throw new BadInputException("bad number in " + f + ": " + e.getMessage());
        }
    }
}
