package dev.acmstream.asr.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
    @Test
    void walksPrefixesAndKnowsWholeWords() {
        Lexicon lex = Lexicon.of(List.of("pound", "pounds", "press", "", "press"));
        assertThat(lex.size()).isEqualTo(3);
        int p = lex.next(Lexicon.ROOT, 'p');
        int pou = lex.next(lex.next(p, 'o'), 'u');
        assertThat(pou).isNotEqualTo(Lexicon.NONE);
        assertThat(lex.isWord(pou)).isFalse();
        assertThat(lex.next(p, 'x')).isEqualTo(Lexicon.NONE);
        assertThat(lex.next(Lexicon.NONE, 'a')).isEqualTo(Lexicon.NONE);
        assertThat(lex.contains("pound")).isTrue();
        assertThat(lex.contains("pounds")).isTrue();
        assertThat(lex.contains("poun")).isFalse();
        assertThat(lex.contains("pressed")).isFalse();
        assertThat(lex.contains("")).isFalse();
    }
}
