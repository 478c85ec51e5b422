package dev.acmstream.asr.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeHeapTest {
    @Test
    void appliesOnLinuxGlibcAndOnlyOnce() {
        NativeHeap.Outcome first = NativeHeap.keepLargeBlocks();
        if (System.getProperty("os.name").toLowerCase().contains("linux") && System.getProperty("acm.nativeHeap") == null) {
            // The build and CI machines run Debian's glibc, which accepts every setting.
            assertThat(first).isEqualTo(NativeHeap.Outcome.APPLIED);
        }
        assertThat(NativeHeap.keepLargeBlocks()).isSameAs(first);
    }
}
