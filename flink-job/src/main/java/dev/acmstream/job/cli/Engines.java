package dev.acmstream.job.cli;

import dev.acmstream.asr.runtime.NativeHeap;

/**
 * libtorch reads its thread counts and DJL its offline flag once, when the engine starts, so
 * commands that use the model call this first. It also sets the C heap's policy for libtorch's
 * large buffers ({@link NativeHeap}).
 */
final class Engines {
    private Engines() {
    }

    /** @param threads intra-op threads; 1 when other work shares the machine */
    static void configure(int threads) {
        if (threads < 1) {
            throw new BadInputException("--threads must be at least 1");
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        NativeHeap.keepLargeBlocks();
    }
}
