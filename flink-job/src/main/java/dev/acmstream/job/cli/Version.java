package dev.acmstream.job.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"acm-stream " + (v == null ? "development build" : v)};
    }
}
