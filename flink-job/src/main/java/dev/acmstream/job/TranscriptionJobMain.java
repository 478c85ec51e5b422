package dev.acmstream.job;

import dev.acmstream.job.cli.AcmStreamCli;

/**
 * Entry point of the job jar for {@code flink run}: the arguments are those of
 * {@code acm-stream run} (see {@code acm-stream run --help}).
 */
public final class TranscriptionJobMain {
    private TranscriptionJobMain() {
    }

    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = AcmStreamCli.run(all);
        if (code != 0) {
            throw new IllegalStateException("acm-stream run exited with " + code);
        }
    }
}
