package dev.acmstream.asr.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.CtcLoss;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.Tensors;
import dev.acmstream.asr.report.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;

/**
 * Trains an encoder with CTC on whole utterances under the streaming chunk mask: AdamW with
 * warm-up and cosine decay, global gradient clipping, SpecAugment ramped in (over the second
 * epoch from scratch; {@link TrainConfig#specAugmentFullAt}), length-bucketed batches (shortest
 * first in the first epoch), greedy CER on dev every {@code evalEvery} steps, the best model
 * saved to {@code out}, and a checkpoint of weights, optimizer moments and position every few
 * minutes, from which {@link #resume} continues.
 */
public final class CtcTrainer {
    private final TrainConfig config;
    private final TrainingData data;
    private final SpeechEncoder encoder;
    private final NDManager manager;
    private final PrintStream log;
    private final List<Parameter> params = new ArrayList<>();
    private final AdamW optimizer;
    private final LossHook hook;
    private final Map<String, Object> card = new LinkedHashMap<>();
    private State state = new State(0, 0, 0, Double.MAX_VALUE, 0, 0, 0);

    /** Extra loss terms and the learner policy for a step; the teacher uses none. */
    public interface LossHook {
        /** The policy of step {@code step}; {@code Long.MAX_VALUE} asks for the one dev evaluations use. */
        LearnerPolicy policy(long step, Random r);

        /** Called before the forward pass of a training step (to install a feed-forward tap, say). */
        default void begin(ForwardContext ctx, NDArray features, int[] frames) {
        }

        /**
         * Adds terms to the CTC loss; may return {@code ctcLoss} unchanged.
         *
         * @param features the batch's features, as the student saw them
         * @param logProbs the student's log-probabilities {@code [B, T', vocab]}
         * @param tokens real tokens per row
         */
        NDArray extend(NDArray ctcLoss, ForwardContext ctx, long step, NDArray features, int[] frames, NDArray logProbs,
                       int[] tokens);

        LossHook NONE = new LossHook() {
            @Override
            public LearnerPolicy policy(long step, Random r) {
                return LearnerPolicy.full();
            }

            @Override
            public NDArray extend(NDArray ctcLoss, ForwardContext ctx, long step, NDArray features, int[] frames, NDArray logProbs,
                                  int[] tokens) {
                return ctcLoss;
            }
        };
    }

    /** Where the run stands: what a checkpoint restores besides weights and moments. */
    public record State(long step, int epoch, int batchInEpoch, double bestDevCer, double wallSeconds,
                        double audioSeconds, long skippedUtterances) {
    }

    public CtcTrainer(TrainConfig config, TrainingData data, SpeechEncoder encoder, NDManager manager, LossHook hook,
                      List<Parameter> trainable, PrintStream log) {
        this.config = config;
        this.data = data;
        this.encoder = encoder;
        this.manager = manager;
        this.hook = hook;
        this.log = log;
        if (trainable == null) {
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                params.add(p.getValue());
            }
        } else {
            params.addAll(trainable);
        }
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(true);
        }
        this.optimizer = new AdamW(params, config.weightDecay(), manager);
    }

    /** Facts for the model card, written with every saved model. */
    public Map<String, Object> card() {
        return card;
    }

    public State state() {
        return state;
    }

    /** Loads the last checkpoint in the run directory, if there is one. */
    public boolean resume() throws IOException {
        Path ck = config.run().resolve("checkpoint");
        if (!Files.exists(ck.resolve("state.json"))) {
            return false;
        }
        ModelDirectory.Loaded saved = ModelDirectory.load(ck.resolve("model"));
        try (saved) {
            List<Pair<String, Parameter>> from = new ArrayList<>();
            saved.encoder().getParameters().forEach(from::add);
            int i = 0;
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                p.getValue().getArray().set(from.get(i++).getValue().getArray().toFloatArray());
            }
        }
        optimizer.load(ck.resolve("optimizer.bin"));
        state = new ObjectMapper().readValue(ck.resolve("state.json").toFile(), State.class);
        log.printf(Locale.ROOT, "resumed at step %d (epoch %d, batch %d), best dev CER %.4f%n", state.step(), state.epoch(),
                state.batchInEpoch(), state.bestDevCer());
        return true;
    }

    public void train() throws IOException {
        Files.createDirectories(config.run());
        LearningRateSchedule lr = new LearningRateSchedule(config.peakLr(), config.warmupSteps(), config.steps(), 0.02f);
        int batchesPerEpoch = TrainingData.batches(data.train(), config.maxBatchFrames(), 0, config.seed()).size();
        log.printf(Locale.ROOT, "training on %.2f h (%d utterances, %d dropped as too fast for CTC), %d batches per epoch, %d steps%n",
                data.trainHours(), data.train().size(), data.droppedTooShort(), batchesPerEpoch, config.steps());
        long startNanos = System.nanoTime();
        double startWall = state.wallSeconds();
        long lastCheckpoint = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        long windowStart = System.nanoTime();
        double windowAudio = 0;
        int windowSteps = 0;
        Random rnd = new Random(config.seed() * 7919 + state.step());

        while (state.step() < config.steps()) {
            List<List<Utterance>> epoch = TrainingData.batches(data.train(), config.maxBatchFrames(), state.epoch(), config.seed());
            BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(3);
            int first = state.batchInEpoch();
            Thread loader = startLoader(epoch, first, queue, rnd.nextLong(), state.epoch(), batchesPerEpoch);
            try {
                for (int bi = first; bi < epoch.size() && state.step() < config.steps(); bi++) {
                    Prepared batch = take(queue);
                    double loss = step(batch, lr.at(state.step()), rnd);
                    if (Double.isFinite(loss)) {
                        lossSum += loss;
                        lossCount++;
                    }
                    double audio = batch.audioSeconds();
                    windowAudio += audio;
                    windowSteps++;
                    double wall = startWall + (System.nanoTime() - startNanos) / 1e9;
                    state = new State(state.step() + 1, state.epoch(), bi + 1, state.bestDevCer(), wall,
                            state.audioSeconds() + audio, state.skippedUtterances() + batch.skipped);
                    if (state.step() % 25 == 0) {
                        double secs = (System.nanoTime() - windowStart) / 1e9;
                        double stepsPerSec = windowSteps / secs;
                        log.printf(Locale.ROOT, "step %d/%d epoch %d loss %.4f lr %.2e  %.3f steps/s  %.1f audio-s/s  seen %.1f h  elapsed %s  ETA %s%n",
                                state.step(), config.steps(), state.epoch(), lossSum / Math.max(1, lossCount), lr.at(state.step()),
                                stepsPerSec, windowAudio / secs, state.audioSeconds() / 3600, ProgressBar.formatDuration(wall),
                                ProgressBar.formatDuration((config.steps() - state.step()) / stepsPerSec));
                        lossSum = 0;
                        lossCount = 0;
                        windowStart = System.nanoTime();
                        windowAudio = 0;
                        windowSteps = 0;
                    }
                    if (state.step() % config.evalEvery() == 0 || state.step() == config.steps()) {
                        evaluateAndKeepBest();
                    }
                    if ((System.nanoTime() - lastCheckpoint) / 60e9 >= config.checkpointMinutes()) {
                        checkpoint();
                        lastCheckpoint = System.nanoTime();
                    }
                    if (config.maxHours() > 0 && (System.nanoTime() - startNanos) / 3600e9 >= config.maxHours()) {
                        log.println("wall-time limit reached; checkpointing");
                        checkpoint();
                        return;
                    }
                }
            } finally {
                loader.interrupt();
            }
            if (state.batchInEpoch() >= epoch.size()) {
                state = new State(state.step(), state.epoch() + 1, 0, state.bestDevCer(), state.wallSeconds(),
                        state.audioSeconds(), state.skippedUtterances());
            }
        }
        checkpoint();
    }

    private record Prepared(float[][][] features, int[] frames, int[][] labels, double audioSeconds, int skipped) {
    }

    private Prepared take(BlockingQueue<Prepared> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads, normalizes and augments batches on a background thread, ahead of the GPU-less CPU step. */
    private Thread startLoader(List<List<Utterance>> epoch, int first, BlockingQueue<Prepared> queue, long seed, int epochIndex,
                               int batchesPerEpoch) {
        Thread t = new Thread(() -> {
            Random r = new Random(seed);
            try {
                for (int bi = first; bi < epoch.size(); bi++) {
                    double strength = config.specAugmentStrength(epochIndex + bi / (double) batchesPerEpoch);
                    List<Utterance> us = epoch.get(bi);
                    float[][][] f = new float[us.size()][][];
                    int[] frames = new int[us.size()];
                    int[][] labels = new int[us.size()][];
                    double audio = 0;
                    for (int i = 0; i < us.size(); i++) {
                        float[][] x = data.features(us.get(i));
                        f[i] = strength > 0 ? SpecAugment.apply(x, strength, r) : x;
                        frames[i] = x.length;
                        labels[i] = TrainingData.labels(us.get(i));
                        audio += us.get(i).seconds();
                    }
                    queue.put(new Prepared(f, frames, labels, audio, 0));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "batch-loader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One optimizer step; returns the loss per label character, or NaN if the step was dropped. */
    private double step(Prepared b, float learningRate, Random rnd) {
        try (NDManager m = manager.newSubManager()) {
            FeatureBatch fb = FeatureBatch.of(java.util.Arrays.asList(b.features()), encoder.config(), m);
            ForwardContext ctx = new ForwardContext(m, true, hook.policy(state.step(), rnd));
            hook.begin(ctx, fb.features(), fb.frames());
            double lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                SpeechEncoder.Output out = encoder.forward(fb.features(), fb.frames(),
                        EncoderState.fresh(m, encoder.config(), b.frames().length), ctx);
                NDArray logProbs = out.logits().logSoftmax(2);
                CtcLoss.Result ctc = CtcLoss.loss(logProbs, out.tokens(), b.labels());
                long chars = 0;
                for (int[] l : b.labels()) {
                    chars += l.length;
                }
                NDArray loss = ctc.perUtterance().sum().div(Tensors.scalar(m, Math.max(1, chars)));
                loss = hook.extend(loss, ctx, state.step(), fb.features(), fb.frames(), logProbs, out.tokens());
                lossValue = loss.getFloat();
                if (!Double.isFinite(lossValue)) {
                    log.println("non-finite loss at step " + state.step() + "; step skipped");
                    optimizer.zeroGradients(m);
                    return Double.NaN;
                }
                gc.backward(loss);
            }
            double norm = optimizer.clipGlobalNorm(config.gradClip(), m);
            if (!Double.isFinite(norm)) {
                log.println("non-finite gradient at step " + state.step() + "; step skipped");
                optimizer.zeroGradients(m);
                return Double.NaN;
            }
            optimizer.step(learningRate, m);
            return lossValue;
        }
    }

    /** Greedy CER and WER of {@code utts} under {@code policy}. */
    public double[] evaluate(List<Utterance> utts, LearnerPolicy policy) throws IOException {
        List<float[][]> feats = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Utterance u : utts) {
            feats.add(data.features(u));
            labels.add(u.label());
        }
        GreedyEvaluation.Result r = GreedyEvaluation.run(encoder, feats, labels, policy, manager);
        return new double[] {r.cer(), r.wer()};
    }

    private void evaluateAndKeepBest() throws IOException {
        List<Utterance> dev = data.dev().stream().sorted(Comparator.comparing(Utterance::id))
                .limit(config.devUtterances()).toList();
        long t0 = System.nanoTime();
        double[] r = evaluate(dev, hook.policy(Long.MAX_VALUE, new Random(0)));
        boolean best = r[0] < state.bestDevCer();
        log.printf(Locale.ROOT, "eval step %d: dev greedy CER %.4f WER %.4f on %d utterances (%.1f s)%s%n", state.step(), r[0], r[1],
                dev.size(), (System.nanoTime() - t0) / 1e9, best ? "  new best, saved to " + config.out() : "");
        if (best) {
            state = new State(state.step(), state.epoch(), state.batchInEpoch(), r[0], state.wallSeconds(), state.audioSeconds(),
                    state.skippedUtterances());
            card.put("step", state.step());
            card.put("devGreedyCer", r[0]);
            card.put("devGreedyWer", r[1]);
            card.put("trainAudioHoursSeen", state.audioSeconds() / 3600);
            card.put("wallHours", state.wallSeconds() / 3600);
            ModelDirectory.save(encoder, null, card, config.out());
        }
    }

    /** Weights (fp32), optimizer moments and position, replaced atomically. */
    public void checkpoint() throws IOException {
        Path dir = config.run().resolve("checkpoint");
        Path tmp = config.run().resolve("checkpoint.tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        ModelDirectory.save(encoder, null, card, tmp.resolve("model"), true);
        try (NDManager m = manager.newSubManager()) {
            optimizer.save(tmp.resolve("optimizer.bin"));
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.resolve("state.json").toFile(), state);
        Path old = config.run().resolve("checkpoint.old");
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
        log.printf(Locale.ROOT, "checkpoint at step %d%n", state.step());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> w = Files.walk(p)) {
            for (Path f : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
