package dev.acmstream.asr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @Test
    void savedModelLoadsWithItsCalibrationAndGivesTheSameOutputs(@TempDir Path dir) throws IOException {
        TinyModelDir.write(dir, TinyModels.ACM, 5);
        assertThat(dir.resolve("calibration.json")).exists();
        List<float[][]> x = TinyModels.features(2, 64, 64, 3);
        float[] first;
        try (ModelDirectory.Loaded a = ModelDirectory.load(dir)) {
            assertThat(a.calibration()).isNotNull();
            assertThat(a.descriptor().kind()).isEqualTo("acm");
            first = logits(a.encoder(), x, a.manager());
            // Saving the loaded (fp16-rounded) model again is lossless.
            ModelDirectory.save(a.encoder(), a.calibration(), null, dir.resolve("again"));
        }
        try (ModelDirectory.Loaded b = ModelDirectory.load(dir.resolve("again"))) {
            assertThat(logits(b.encoder(), x, b.manager())).containsExactly(first);
            assertThat(Files.readAllBytes(dir.resolve("again/params.bin"))).isEqualTo(Files.readAllBytes(dir.resolve("params.bin")));
        }
    }

    @Test
    void loadingTellsWhatIsWrong(@TempDir Path dir) throws IOException {
        TinyModelDir.write(dir, TinyModels.DENSE, 5);
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"dModel\" : 32", "\"dModel\" : 64"));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("has shape").hasMessageContaining("expected");
        Files.writeString(dir.resolve("config.json"), config.replace("\"format\" : 1", "\"format\" : 7"));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).hasMessageContaining("model format 7");
        Files.writeString(dir.resolve("config.json"), config);
        byte[] params = Files.readAllBytes(dir.resolve("params.bin"));
        Files.write(dir.resolve("params.bin"), java.util.Arrays.copyOf(params, params.length / 2));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).hasMessageContaining("truncated parameter file");
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("nothing"))).hasMessageContaining("not a model directory");
    }

    private static float[] logits(SpeechEncoder e, List<float[][]> x, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            FeatureBatch b = FeatureBatch.of(x, e.config(), m);
            return e.forward(b.features(), b.frames(), EncoderState.fresh(m, e.config(), x.size()),
                    ForwardContext.inference(m, LearnerPolicy.full())).logits().toFloatArray();
        }
    }
}
