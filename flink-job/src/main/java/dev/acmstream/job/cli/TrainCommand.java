package dev.acmstream.job.cli;

import picocli.CommandLine.Command;

/** {@code acm-stream train}: make the corpus and the models. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Build the synthetic corpus and train models:",
            "corpus (dev-voices: unheard speakers) -> teacher (dense, CTC) -> lm (word n-gram) -> acmize (three-phase distillation) -> allocate",
            "(per-layer budget shares) -> tune-decoder."},
        subcommands = {TrainInitCommand.class, TrainCorpusCommand.class, TrainDevVoicesCommand.class, TrainTeacherCommand.class, TrainAcmizeCommand.class, TrainAllocateCommand.class, TrainRegateCommand.class, TrainFinetuneCommand.class, TrainAverageCommand.class, TrainLmCommand.class, TuneDecoderCommand.class})
public final class TrainCommand {
}
