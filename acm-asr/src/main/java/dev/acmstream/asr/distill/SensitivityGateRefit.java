package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.asr.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refits every gate of a trained ACM model on the model's own activations, with each learner's
 * label the module error it removes times the token's loss sensitivity raised to a power
 * ({@link TokenSensitivity}). The learners do not change; the calibration must be fitted again
 * afterwards, since the scores move.
 */
public final class SensitivityGateRefit {
    /**
     * @param power the sensitivity weights' power (0: module error alone; 1: the Fisher estimate)
     * @param utterances train utterances whose activations and gradients the gates learn from
     * @param batchSize utterances per forward and backward pass
     * @param distill the gate regression's settings (steps, batch, learning rate, held-out share, seed)
     * @param policy how the model chooses learners while the gradients are taken: every learner
     *     (budget 1), or the model's own calibration at a lower budget
     */
    public record Settings(double power, int utterances, int batchSize, DistillConfig distill, LearnerPolicy policy) {
        public Settings {
            if (!(power >= 0) || Double.isInfinite(power)) {
                throw new IllegalArgumentException("sensitivity power must be finite and at least 0, not " + power);
            }
            if (policy == null) {
                throw new IllegalArgumentException("a learner policy is needed for the gradients");
            }
            if (utterances < 1 || batchSize < 1) {
                throw new IllegalArgumentException("utterances and batch size must be positive");
            }
        }
    }

    private final Settings s;
    private final PrintStream log;

    public SensitivityGateRefit(Settings settings, PrintStream log) {
        this.s = settings;
        this.log = log;
    }

    /**
     * Refits the gates of {@code model} in place.
     *
     * @return the figures for the model card: the settings, the tokens seen, and each layer's gate figures
     */
    public Map<String, Object> run(SpeechEncoder model, TrainingData data, NDManager manager) throws IOException {
        if (!model.config().isAcm()) {
            throw new IllegalArgumentException("only an ACM model has gates to refit");
        }
        long t0 = System.nanoTime();
        List<Utterance> chosen = utterances(data);
        List<float[][]> features = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (Utterance u : chosen) {
            features.add(data.features(u));
            labels.add(TrainingData.labels(u));
        }
        List<TokenSensitivity.Layer> layers = TokenSensitivity.collect(model, s.policy(), features, labels, s.batchSize(), Long.MAX_VALUE, manager,
                new ProgressBar("loss sensitivity", features.size(), log));
        int tokens = layers.get(0).weights().length;
        log.printf(java.util.Locale.ROOT, "%d tokens from %d train utterances; refitting the gates at sensitivity power %.2f%n", tokens,
                chosen.size(), s.power());
        GateTrainer trainer = new GateTrainer(s.distill(), log);
        List<Object> results = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            AcmFeedForward acm = (AcmFeedForward) model.layers().get(l).feedForward();
            TokenSensitivity.Layer layer = layers.get(l);
            results.add(Acmization.gateCard(trainer.train("gate refit", l, acm, layer.activations(), layer.weights(s.power()), manager)));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("sensitivityPower", s.power());
        card.put("utterances", chosen.size());
        card.put("tokens", tokens);
        card.put("gateSteps", s.distill().gateSteps());
        card.put("seconds", (System.nanoTime() - t0) / 1e9);
        card.put("layers", results);
        return card;
    }

    /** The first {@code utterances} train utterances in a seeded order, shortest first (less padding per batch). */
    private List<Utterance> utterances(TrainingData data) {
        List<Utterance> order = data.trainInSeededOrder(s.distill().seed());
        List<Utterance> chosen = new ArrayList<>(order.subList(0, Math.min(s.utterances(), order.size())));
        chosen.sort(Comparator.comparingInt(Utterance::frames));
        return chosen;
    }
}
