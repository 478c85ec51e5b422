package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BudgetAllocatorTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void searchKeepsTheMeanAndNeverRaisesTheLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            List<float[][]> feats = TinyModels.features(12, 100, 200, 3);
            List<int[]> labels = new ArrayList<>();
            Random r = new Random(5);
            for (int i = 0; i < feats.size(); i++) {
                int[] l = new int[4 + r.nextInt(6)];
                for (int j = 0; j < l.length; j++) {
                    l[j] = 1 + r.nextInt(enc.config().vocab() - 1);
                }
                labels.add(l);
            }
            BudgetAllocator allocator = new BudgetAllocator(enc, feats, labels, 5, m, QUIET);
            List<BudgetAllocator.Round> rounds = allocator.search(0.5, 3, 0.2, 0.05);
            assertThat(rounds.get(0).fractions()).containsOnly(0.5);
            double previous = Double.POSITIVE_INFINITY;
            for (BudgetAllocator.Round round : rounds) {
                double[] f = round.fractions();
                assertThat((f[0] + f[1]) / 2).isCloseTo(0.5, offset(1e-9));
                assertThat(round.loss()).isLessThanOrEqualTo(previous);
                previous = round.loss();
            }
            BudgetAllocator.Round last = rounds.get(rounds.size() - 1);
            // The recorded loss is what the allocation scores: the search is deterministic.
            assertThat(allocator.loss(last.fractions())).isCloseTo(last.loss(), offset(1e-6));
            assertThat(allocator.evaluations()).isGreaterThan(rounds.size());
        }
    }
}
