package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    /** Every command and subcommand, depth first. */
    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            out.addAll(all(sub));
        }
        return out;
    }

    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (CommandLine cl : all(AcmStreamCli.commandLine())) {
                String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
                names.add(cl.getCommandSpec().qualifiedName());
                assertThat(usage).as(cl.getCommandSpec().qualifiedName()).contains("Usage:").doesNotContain("%n");
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(names).contains("acm-stream train dev-voices", "acm-stream bench budget-curve");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("picocli warnings while rendering help").doesNotContain("WARN");
    }

    @Test
    void everySubcommandIsListedByAWholeFirstSentenceAndEveryOptionByOneParagraph() {
        for (CommandLine cl : all(AcmStreamCli.commandLine())) {
            String name = cl.getCommandSpec().qualifiedName();
            String[] description = cl.getCommandSpec().usageMessage().description();
            assertThat(description).as(name).isNotEmpty();
            assertThat(description[0]).as(name + "'s summary").matches("(?s).*[.:)]$").doesNotContain("  ");
            for (int i = 1; i < description.length; i++) {
                assertThat(description[i].length()).as(name + " line " + i).isLessThanOrEqualTo(80);
            }
            for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                if (o.group() == null) {
                    assertThat(o.description()).as(name + " " + o.longestName()).hasSizeLessThanOrEqualTo(1);
                }
            }
        }
        String list = AcmStreamCli.commandLine().getSubcommands().get("train").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(list.replaceAll("\\s+", " ")).contains("corpus Synthesize a speech corpus from Debian text packages with espeak-ng, flite and "
                + "festival, augment it with sox");
    }

    @Test
    void aSummaryEndsAtTheFirstFullStopBeforeACapital() {
        assertThat(HelpLayout.summaryAndRest("Distil it (Wojcik et al., arXiv 2312.10193). Phases run in order."))
                .containsExactly("Distil it (Wojcik et al., arXiv 2312.10193).", "Phases run in order.");
        assertThat(HelpLayout.summaryAndRest("Use a tool, e.g. sox, to convert. Then run it."))
                .containsExactly("Use a tool, e.g. sox, to convert.", "Then run it.");
        assertThat(HelpLayout.summaryAndRest("One sentence only.")).containsExactly("One sentence only.");
        assertThat(HelpLayout.summaryAndRest("")).isEmpty();
        assertThat(HelpLayout.wrap("written beside it as dev-voices.tsv with WAVs", 30))
                .containsExactly("written beside it as", "dev-voices.tsv with WAVs");
        assertThat(HelpLayout.wrap("a-word-longer-than-the-width fits", 10)).containsExactly("a-word-longer-than-the-width", "fits");
        assertThat(HelpLayout.join(new String[] {"a paragraph split ", "", "  where the line ran out"}))
                .isEqualTo("a paragraph split where the line ran out");
    }
}
