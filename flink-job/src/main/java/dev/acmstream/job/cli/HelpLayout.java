package dev.acmstream.job.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Reflows the help text. In source, a description is one paragraph split into lines of about 120
 * characters, wherever the line ran out; picocli prints each line as its own paragraph, so at 80
 * columns the text breaks raggedly and a parent's command list shows a subcommand's first line
 * cut mid-sentence. After {@link #reflow} a command's description is its first sentence (what the
 * command list shows), then the rest as one paragraph wrapped at spaces; each option's description
 * is one paragraph, which picocli wraps in its column.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Reflows {@code cl} and every subcommand below it. */
    static void reflow(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        String[] parts = summaryAndRest(join(usage.description()));
        List<String> lines = new ArrayList<>();
        if (parts.length > 0) {
            lines.add(parts[0]);
        }
        if (parts.length > 1) {
            lines.addAll(wrap(parts[1], usage.width()));
        }
        usage.description(lines.toArray(String[]::new));
        // Inherited options (--verbose) are copies that picocli keeps in step with the root's; they stay.
        List<ArgSpec> args = new ArrayList<>();
        for (ArgSpec a : spec.args()) {
            if (!a.inherited() && a.scopeType() != CommandLine.ScopeType.INHERIT && a.group() == null) {
                args.add(a);
            }
        }
        for (ArgSpec a : args) {
            spec.remove(a);
        }
        for (ArgSpec a : args) {
            // description() gives the text as printed (variables filled in, %% as %), and picocli formats
            // the new description again, so a literal % must be escaped once more.
            String[] text = a.description().length == 0 ? a.description() : new String[] {join(a.description()).replace("%", "%%")};
            if (a instanceof OptionSpec o) {
                spec.addOption(o.toBuilder().description(text).build());
            } else {
                spec.addPositional(((PositionalParamSpec) a).toBuilder().description(text).build());
            }
        }
        // A subcommand with aliases appears once per name.
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            reflow(sub);
        }
    }

    /** The lines of one paragraph joined by single spaces. */
    static String join(String[] lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    /**
     * {@code text} in lines of at most {@code width} characters, broken at spaces only (a word longer
     * than the width gets a line of its own). picocli would also break inside a word at a full
     * stop or hyphen, splitting file names such as dev-voices.tsv.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * The first sentence, then the rest (absent when there is none). A sentence ends at a full stop
     * followed by a space and a capital letter or a quote, so "e.g. the" or "2312.10193" do not end one.
     */
    static String[] summaryAndRest(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        for (int i = 0; i + 2 < text.length(); i++) {
            if (text.charAt(i) == '.' && text.charAt(i + 1) == ' ') {
                char next = text.charAt(i + 2);
                if (Character.isUpperCase(next) || next == '\'' || next == '"') {
                    return new String[] {text.substring(0, i + 1), text.substring(i + 2)};
                }
            }
        }
        return new String[] {text};
    }
}
