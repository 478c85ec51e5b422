package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.ctc.CtcLoss;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Shares a budget among the ACM layers where the learners are worth most. Calibration alone gives
 * every layer the same learner fraction b; but a learner in one layer can lower the loss more
 * than one in another. This search moves learner fraction between layers, keeping the mean (and
 * so the MACs) at b, while the CTC loss of the model on a set of labelled utterances falls.
 *
 * <p>Each round measures, for every layer, how much the loss rises when that layer alone gives
 * up {@code step}; the layer that minds least gives {@code step} to the layer that minds most.
 * The move is kept if the loss falls, and otherwise the step halves. Each loss is one forward
 * pass in which every layer fits its threshold to its fraction on the tokens it sees
 * ({@link BudgetCalibrator.FittingPolicy}), so an allocation is scored at exactly its fractions.
 */
public final class BudgetAllocator {
    /** One round of the search at one budget. */
    public record Round(double budget, int round, double step, double[] fractions, double loss, boolean accepted) {
    }

    private final SpeechEncoder encoder;
    private final List<List<Integer>> batches;
    private final List<float[][]> features;
    private final List<int[]> labels;
    private final NDManager parent;
    private final PrintStream log;
    private int evaluations;

    /**
     * @param features normalized features of the search utterances
     * @param labels their label indices
     * @param batchSize utterances per forward pass
     */
    public BudgetAllocator(SpeechEncoder encoder, List<float[][]> features, List<int[]> labels, int batchSize, NDManager parent,
                           PrintStream log) {
        if (!encoder.config().isAcm()) {
            throw new IllegalArgumentException("only ACM models have a budget to allocate");
        }
        if (features.isEmpty() || features.size() != labels.size()) {
            throw new IllegalArgumentException("the search needs labelled utterances, one label sequence each");
        }
        this.encoder = encoder;
        this.features = features;
        this.labels = labels;
        this.parent = parent;
        this.log = log;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> features.get(i).length));
        batches = new ArrayList<>();
        for (int i = 0; i < order.size(); i += batchSize) {
            batches.add(order.subList(i, Math.min(order.size(), i + batchSize)));
        }
    }

    /** CTC negative log-likelihood per label over the set, with each layer at its fraction. */
    public double loss(double[] fractions) {
        evaluations++;
        BudgetCalibrator.FittingPolicy policy = new BudgetCalibrator.FittingPolicy(fractions);
        double nll = 0;
        long count = 0;
        for (List<Integer> batch : batches) {
            try (NDManager m = parent.newSubManager()) {
                List<float[][]> part = new ArrayList<>();
                int[][] targets = new int[batch.size()][];
                for (int j = 0; j < batch.size(); j++) {
                    part.add(features.get(batch.get(j)));
                    targets[j] = labels.get(batch.get(j));
                }
                FeatureBatch fb = FeatureBatch.of(part, encoder.config(), m);
                SpeechEncoder.Output out = encoder.forward(fb.features(), fb.frames(),
                        EncoderState.fresh(m, encoder.config(), part.size()), ForwardContext.inference(m, policy));
                NDArray logProbs = out.logits().logSoftmax(2);
                float[] perUtterance = CtcLoss.loss(logProbs, out.tokens(), targets).perUtterance().toFloatArray();
                for (int j = 0; j < perUtterance.length; j++) {
                    // Rows too short for their labels score 0 whatever the allocation: left out.
                    if (perUtterance[j] != 0f) {
                        nll += perUtterance[j];
                        count += targets[j].length;
                    }
                }
            }
        }
        return count == 0 ? 0 : nll / count;
    }

    /** Forward passes run so far. */
    public int evaluations() {
        return evaluations;
    }

    /**
     * The allocation search at budget b, from every layer at b.
     *
     * @param rounds most rounds
     * @param step fraction moved in the first round; the search stops once it halves below {@code minStep}
     * @return every round, the last accepted allocation last among the accepted ones
     */
    public List<Round> search(double b, int rounds, double step, double minStep) {
        int layers = encoder.config().layers();
        double[] a = new double[layers];
        Arrays.fill(a, b);
        double current = loss(a);
        List<Round> out = new ArrayList<>();
        out.add(new Round(b, 0, 0, a.clone(), current, true));
        log.printf(Locale.ROOT, "budget %.3f: uniform loss %.4f%n", b, current);
        for (int r = 1; r <= rounds && step >= minStep; r++) {
            double[] harm = new double[layers];
            for (int l = 0; l < layers; l++) {
                if (a[l] - step < -1e-9) {
                    harm[l] = Double.NaN;
                    continue;
                }
                double[] less = a.clone();
                less[l] -= step;
                harm[l] = loss(less) - current;
            }
            int donor = -1;
            int receiver = -1;
            for (int l = 0; l < layers; l++) {
                if (!Double.isNaN(harm[l]) && (donor < 0 || harm[l] < harm[donor])) {
                    donor = l;
                }
            }
            for (int l = 0; l < layers; l++) {
                if (l != donor && a[l] + step <= 1 + 1e-9 && (receiver < 0 || harm[l] > harm[receiver])) {
                    receiver = l;
                }
            }
            if (donor < 0 || receiver < 0 || Double.isNaN(harm[receiver])) {
                break;
            }
            double[] moved = a.clone();
            moved[donor] -= step;
            moved[receiver] += step;
            double candidate = loss(moved);
            boolean accepted = candidate < current;
            log.printf(Locale.ROOT, "budget %.3f round %d: step %.4f, layer %d -> layer %d, loss %.4f -> %.4f %s%n", b, r, step, donor,
                    receiver, current, candidate, accepted ? "kept" : "undone");
            if (accepted) {
                a = moved;
                current = candidate;
            } else {
                step /= 2;
            }
            out.add(new Round(b, r, step, a.clone(), current, accepted));
        }
        return out;
    }
}
