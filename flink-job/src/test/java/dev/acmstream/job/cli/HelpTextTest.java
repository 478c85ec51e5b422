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
}
