package dev.acmstream.asr.acm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class AcmFeedForwardTest {
    private NDManager m;
    private AcmFeedForward acm;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
        m.getEngine().setRandomSeed(42);
        acm = new AcmFeedForward(32, 128, 4, 8);
        acm.initialize(m, DataType.FLOAT32, new Shape(1, 32));
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    @Test
    void allLearnersEqualTheDenseSum() {
        NDArray h = m.randomNormal(new Shape(37, 32));
        int[] k = new int[37];
        java.util.Arrays.fill(k, 4);
        NDArray sum = acm.learner(0, h).add(acm.learner(1, h)).add(acm.learner(2, h)).add(acm.learner(3, h));
        assertThat(maxAbs(acm.grouped(h, k, m).sub(sum))).isLessThan(1e-5f);
    }

    @Test
    void zeroLearnersContributeExactlyZero() {
        NDArray h = m.randomNormal(new Shape(9, 32));
        NDArray out = acm.grouped(h, new int[9], m);
        assertThat(out.abs().max().getFloat()).isEqualTo(0f);
        int[] k = {0, 3, 0, 1, 0, 4, 2, 0, 0};
        float[] mixed = acm.grouped(h, k, m).toFloatArray();
        for (int r = 0; r < 9; r++) {
            if (k[r] == 0) {
                for (int d = 0; d < 32; d++) {
                    assertThat(mixed[r * 32 + d]).isEqualTo(0f);
                }
            }
        }
    }

    @RepeatedTest(10)
    void groupedExecutionEqualsTheMaskedReference(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        int rows = 1 + r.nextInt(200);
        NDArray h = m.randomNormal(new Shape(rows, 32));
        int[] k = new int[rows];
        for (int i = 0; i < rows; i++) {
            k[i] = r.nextInt(5);
        }
        NDArray reference = acm.maskedReference(h, k, m);
        assertThat(maxAbs(acm.grouped(h, k, m).sub(reference))).isLessThan(1e-5f);
        acm.freeze();
        assertThat(maxAbs(acm.grouped(h, k, m).sub(reference))).isLessThan(1e-5f);
    }

    @Test
    void frozenBlockGivesTheSameOutputsForUniformAndEmptyWidths() {
        NDArray h = m.randomNormal(new Shape(21, 32));
        int[][] cases = {new int[21], new int[21], new int[21], new int[21], new int[21]};
        for (int v = 0; v < cases.length; v++) {
            java.util.Arrays.fill(cases[v], v);
        }
        NDArray[] before = new NDArray[cases.length];
        for (int v = 0; v < cases.length; v++) {
            before[v] = acm.grouped(h, cases[v], m);
        }
        acm.freeze();
        assertThat(acm.isFrozen()).isTrue();
        for (int v = 0; v < cases.length; v++) {
            assertThat(maxAbs(acm.grouped(h, cases[v], m).sub(before[v]))).as("k = %d", v).isLessThan(1e-5f);
        }
        acm.unfreeze();
        assertThat(acm.isFrozen()).isFalse();
    }

    @Test
    void freezingAgainPicksUpNewWeights() {
        NDArray h = m.randomNormal(new Shape(6, 32));
        int[] k = {1, 2, 3, 4, 0, 2};
        acm.freeze();
        acm.w1(1).getArray().muli(2f);
        acm.freeze();
        assertThat(maxAbs(acm.grouped(h, k, m).sub(acm.maskedReference(h, k, m)))).isLessThan(1e-5f);
    }

    @Test
    void thresholdPolicyDependsOnlyOnTheTokensOwnScores() {
        LearnerPolicy p = LearnerPolicy.thresholds(new float[] {0.5f});
        float[] a = {0.9f, 0.8f, 0.1f, 0.9f, /* token 2 */ 0.6f, 0.7f, 0.9f, 0.2f};
        int[] both = p.choose(0, a, new boolean[] {true, true}, 4);
        int[] second = p.choose(0, new float[] {0.6f, 0.7f, 0.9f, 0.2f}, new boolean[] {true}, 4);
        assertThat(both).containsExactly(2, 3);
        assertThat(second).containsExactly(3);
    }

    private static float maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }
}
