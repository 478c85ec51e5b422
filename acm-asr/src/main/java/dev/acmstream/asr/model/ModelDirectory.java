package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.data.Fp16;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model on disk: {@code config.json} (format version, kind, shape, feature statistics),
 * {@code params.bin} (every parameter by name and shape, fp16), {@code tokens.txt} and, for ACM
 * models, {@code calibration.json}. Loading checks the format version, the tokens, and every
 * parameter's name and shape against the configured architecture, and says which is wrong.
 */
public final class ModelDirectory {
    public static final int FORMAT = 1;
    private static final int PARAMS_MAGIC = 0x41434D50; // "ACMP"

    private ModelDirectory() {
    }

    /** What config.json holds. */
    public record Descriptor(int format, String kind, ModelConfig config, float[] featureMean, float[] featureStd,
                             Map<String, Object> training) {
    }

    public static void save(SpeechEncoder encoder, BudgetCalibration calibration, Map<String, Object> training, Path dir)
            throws IOException {
        save(encoder, calibration, training, dir, false);
    }

    /**
     * @param fullPrecision fp32 parameters (training checkpoints) instead of fp16 (shipped models)
     */
    public static void save(SpeechEncoder encoder, BudgetCalibration calibration, Map<String, Object> training, Path dir,
                            boolean fullPrecision) throws IOException {
        Files.createDirectories(dir);
        ModelConfig c = encoder.config();
        Descriptor d = new Descriptor(FORMAT, c.isAcm() ? "acm" : "dense", c, encoder.featureMean(), encoder.featureStd(),
                training == null ? Map.of() : training);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("config.json").toFile(), d);
        Files.write(dir.resolve("tokens.txt"), Vocabulary.tokens(), StandardCharsets.UTF_8);
        Path tmp = dir.resolve("params.bin.tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            List<Pair<String, Parameter>> params = new java.util.ArrayList<>();
            encoder.getParameters().forEach(params::add);
            out.writeInt(PARAMS_MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(params.size());
            out.writeInt(fullPrecision ? 32 : 16);
            for (Pair<String, Parameter> p : params) {
                NDArray a = p.getValue().getArray();
                out.writeUTF(p.getKey());
                long[] shape = a.getShape().getShape();
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                for (float v : a.toFloatArray()) {
                    if (fullPrecision) {
                        out.writeFloat(v);
                    } else {
                        out.writeShort(Fp16.fromFloat(v));
                    }
                }
            }
        }
        Files.move(tmp, dir.resolve("params.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (calibration != null) {
            calibration.write(dir.resolve("calibration.json"));
        } else {
            Files.deleteIfExists(dir.resolve("calibration.json"));
        }
    }

    public static Descriptor readDescriptor(Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        if (!Files.exists(f)) {
            throw new NoSuchFileException(f.toString(), null, "not a model directory: no config.json");
        }
        // Unknown fields are tolerated so that newer writers can add facts; shapes and the
        // format version are what loading checks.
        Descriptor d = new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(f.toFile(), Descriptor.class);
        if (d.format() != FORMAT) {
            throw new IOException(f + ": model format " + d.format() + ", this build reads format " + FORMAT);
        }
        return d;
    }

    /** A loaded model: its encoder on its own manager, and its calibration (null for dense models). */
    public record Loaded(SpeechEncoder encoder, BudgetCalibration calibration, Descriptor descriptor, NDManager manager)
            implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * Copies the files of model directory {@code from} into {@code to} (created if needed),
     * replacing files of the same name: the start of a command that writes a changed copy of a model.
     */
    public static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public static Loaded load(Path dir) throws IOException {
        Descriptor d = readDescriptor(dir);
        List<String> tokens = Files.readAllLines(dir.resolve("tokens.txt"), StandardCharsets.UTF_8);
        if (!tokens.equals(Vocabulary.tokens())) {
            throw new IOException(dir.resolve("tokens.txt") + " does not match this build's vocabulary " + Vocabulary.tokens());
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            SpeechEncoder encoder = new SpeechEncoder(d.config()).initialize(manager);
            encoder.setFeatureStats(d.featureMean(), d.featureStd());
            readParams(dir.resolve("params.bin"), encoder, manager);
            BudgetCalibration cal = null;
            if (d.config().isAcm() && Files.exists(dir.resolve("calibration.json"))) {
                cal = BudgetCalibration.read(dir.resolve("calibration.json"));
                if (cal.thresholds()[0].length != d.config().layers()) {
                    throw new IOException(dir + "/calibration.json has thresholds for " + cal.thresholds()[0].length
                            + " layers, the model has " + d.config().layers());
                }
            }
            return new Loaded(encoder, cal, d, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void readParams(Path file, SpeechEncoder encoder, NDManager manager) throws IOException {
        Map<String, Parameter> expected = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            expected.put(p.getKey(), p.getValue());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != PARAMS_MAGIC) {
                throw new IOException(file + ": not a parameter file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": parameter format " + format + ", expected " + FORMAT);
            }
            int count = in.readInt();
            if (count != expected.size()) {
                throw new IOException(file + ": " + count + " parameters, the configured architecture has " + expected.size());
            }
            int bits = in.readInt();
            if (bits != 16 && bits != 32) {
                throw new IOException(file + ": parameters stored as " + bits + "-bit floats; only 16 and 32 are known");
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                Parameter p = expected.get(name);
                if (p == null) {
                    throw new IOException(file + ": unexpected parameter " + name);
                }
                long[] shape = new long[in.readInt()];
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = in.readLong();
                }
                Shape want = p.getArray().getShape();
                if (!new Shape(shape).equals(want)) {
                    throw new IOException(file + ": parameter " + name + " has shape " + new Shape(shape) + ", expected " + want);
                }
                float[] v = new float[(int) want.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = bits == 32 ? in.readFloat() : Fp16.toFloat(in.readShort());
                }
                p.getArray().set(v);
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated parameter file", e);
        }
    }
}
