package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDevVoicesCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesBadInputWithAClearMessage() {
        AudioInspectCliTest.Result notACorpus = AudioInspectCliTest.run("train", "dev-voices", "--corpus", dir.toString());
        AudioInspectCliTest.Result noUtterances = AudioInspectCliTest.run("train", "dev-voices", "--corpus", dir.toString(),
                "--utterances", "0");

        assertThat(notACorpus.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(notACorpus.err()).contains("is not a corpus directory").doesNotContain("\tat ");
        assertThat(dir.resolve("dev-voices.tsv")).doesNotExist();
        assertThat(noUtterances.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(noUtterances.err()).contains("--utterances");
    }

    @Test
    void helpSaysWhatItWritesAndWhatItNeeds() {
        AudioInspectCliTest.Result help = AudioInspectCliTest.run("train", "dev-voices", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("dev-voices.tsv", "espeak-ng", "--utterances");
    }
}
