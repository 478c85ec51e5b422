package dev.acmstream.job;

import ai.djl.engine.Engine;

/**
 * Starts the PyTorch engine once and exits, so that libtorch is unpacked into
 * {@code DJL_CACHE_DIR} when a container image is built rather than when a TaskManager starts.
 */
public final class EngineWarmup {
    private EngineWarmup() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Engine e = Engine.getEngine("PyTorch");
        System.out.println(e.getEngineName() + " " + e.getVersion() + " ready");
    }
}
