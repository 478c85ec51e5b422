package dev.acmstream.job.cli;

/** Input the user supplied that cannot be used; exits with {@link AcmStreamCli#EXIT_BAD_INPUT}. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
