package dev.acmstream.job.cli;

import dev.acmstream.audio.AudioFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code acm-stream} command line. Errors print one line and exit with 1 (bad input: a file
 * that cannot be read or decoded) or 2 (bad usage); {@code --verbose} adds the stack trace.
 */
@Command(name = "acm-stream", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Streaming speech recognition on Apache Flink with Adaptive Computation Modules.",
            "One model serves any compute budget; under load the pipeline spends less compute per token."},
        subcommands = {TranscribeCommand.class, RunCommand.class, ServeCommand.class, ProduceCommand.class, LoadtestCommand.class, EvalCommand.class, AudioCommand.class, TrainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class AcmStreamCli {
    /** Exit code for input that cannot be used: unreadable or undecodable files, bad models. */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code for a command line that does not parse. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces with errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AcmStreamCli());
        HelpLayout.reflow(cl);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean verbose = parsed.matchedOption("--verbose") != null || hasVerbose(parsed);
            line.getErr().println("acm-stream: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(line.getErr());
            }
            return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_USAGE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("acm-stream: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        return cl;
    }

    private static boolean hasVerbose(CommandLine.ParseResult r) {
        for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.matchedOption("--verbose") != null) {
                return true;
            }
        }
        return false;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof BadInputException;
    }

    static String oneLine(Throwable ex) {
        if (ex instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile() + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
        }
        if (ex instanceof AudioFormatException) {
            return ex.getMessage();
        }
        String msg = ex.getMessage();
        return (msg == null ? ex.getClass().getSimpleName() : msg).replace('\n', ' ');
    }
}
