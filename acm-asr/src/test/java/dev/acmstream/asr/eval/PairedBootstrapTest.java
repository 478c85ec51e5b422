package dev.acmstream.asr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    @Test
    void scoresMatchTheCorpusErrorRate() {
        List<String[]> pairs = List.of(new String[] {"a.wav", "the cat sat", "the cat sat"}, new String[] {"b.wav", "on the mat", "on a mat"},
                new String[] {"c.wav", "", "noise"});
        PairedBootstrap.Scored s = PairedBootstrap.Scored.of(pairs);
        ErrorRate er = new ErrorRate();
        pairs.forEach(p -> er.add(p[1], p[2]));
        assertThat(s.edits()).containsExactly(0, 1, 1);
        assertThat(s.words()).containsExactly(3, 3, 0);
        assertThat(s.wer()).isCloseTo(er.wer(), within(1e-12));
    }

    @Test
    void aSystemBetterOnEveryUtteranceHasAnIntervalBelowZero() {
        int n = 200;
        int[] words = new int[n];
        int[] good = new int[n];
        int[] bad = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = 5 + i % 7;
            good[i] = i % 3;
            bad[i] = good[i] + 1;
        }
        PairedBootstrap.Scored a = new PairedBootstrap.Scored(good, words);
        PairedBootstrap.Scored b = new PairedBootstrap.Scored(bad, words);

        PairedBootstrap.Difference d = PairedBootstrap.werDifference(a, b, 500, 1);

        assertThat(d.wer()).isCloseTo(a.wer() - b.wer(), within(1e-12)).isNegative();
        assertThat(d.high()).isNegative();
        assertThat(d.low()).isLessThanOrEqualTo(d.wer());
        assertThat(d.high()).isGreaterThanOrEqualTo(d.wer());
        assertThat(d.shareBelow()).isEqualTo(1.0);
    }

    @Test
    void systemsThatTradeErrorsHaveAnIntervalAroundZero() {
        int n = 400;
        int[] words = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = 8;
            a[i] = i % 2 == 0 ? 3 : 1;
            b[i] = i % 2 == 0 ? 1 : 3;
        }
        PairedBootstrap.Difference d = PairedBootstrap.werDifference(new PairedBootstrap.Scored(a, words),
                new PairedBootstrap.Scored(b, words), 1000, 7);

        assertThat(d.wer()).isZero();
        assertThat(d.low()).isNegative();
        assertThat(d.high()).isPositive();
        assertThat(d.shareBelow()).isBetween(0.3, 0.7);
    }

    @Test
    void systemsScoredOnDifferentUtterancesAreRefused() {
        PairedBootstrap.Scored a = new PairedBootstrap.Scored(new int[] {1, 2}, new int[] {3, 4});
        PairedBootstrap.Scored b = new PairedBootstrap.Scored(new int[] {1, 2}, new int[] {3, 5});
        assertThatThrownBy(() -> PairedBootstrap.werDifference(a, b, 10, 1)).hasMessageContaining("same utterances");
        assertThatThrownBy(() -> new PairedBootstrap.Scored(new int[1], new int[2])).isInstanceOf(IllegalArgumentException.class);
        List<String[]> none = new ArrayList<>();
        PairedBootstrap.Scored empty = PairedBootstrap.Scored.of(none);
        assertThatThrownBy(() -> PairedBootstrap.werDifference(empty, empty, 10, 1)).hasMessageContaining("needs utterances");
    }
}
