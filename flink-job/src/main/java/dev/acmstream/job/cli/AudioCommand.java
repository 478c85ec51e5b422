package dev.acmstream.job.cli;

import picocli.CommandLine.Command;

/** {@code acm-stream audio}: tools for audio files. */
@Command(name = "audio", mixinStandardHelpOptions = true, description = "Audio file tools.",
        subcommands = {AudioInspectCommand.class})
public final class AudioCommand {
}
