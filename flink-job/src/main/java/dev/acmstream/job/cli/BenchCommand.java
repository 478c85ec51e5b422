package dev.acmstream.job.cli;

import picocli.CommandLine.Command;

/** {@code acm-stream bench}: measurements that go into docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures for docs/BENCHMARKS.md).",
        subcommands = {BenchEncoderCommand.class, BenchPipelineCommand.class, BenchBudgetCurveCommand.class, BenchPerTokenCommand.class,
            BenchFrontEndCommand.class})
public final class BenchCommand {
}
