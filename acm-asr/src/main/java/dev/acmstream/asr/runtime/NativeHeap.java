package dev.acmstream.asr.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libtorch's large tensor buffers in the C heap instead of fresh memory maps.
 *
 * <p>glibc serves an allocation above its mmap threshold (128 KiB at start, raised on the fly as
 * mapped blocks are freed) with a new mapping, and trims the heap's free top back to the system
 * once it exceeds twice that threshold; either way, the next buffer of that size faults in and
 * zeroes its pages again. The encoder allocates buffers of 1–8 MiB per layer and per call (a
 * dense 512-row call's feed-forward hidden layer is 2 MiB, a 2,048-row one's 8 MiB), so with the
 * default policy a busy recognizer spends a good part of its time in page faults, more the larger
 * its calls. Fixing the mmap threshold at 32 MiB and keeping up to 1 GiB of freed memory at the
 * top of the heap lets those buffers be reused; `docs/BENCHMARKS.md` has the measurement.
 *
 * <p>{@link #keepLargeBlocks()} applies this once per process, which is all that mallopt
 * allows: the setting is process-wide. The system property {@code acm.nativeHeap=default} leaves
 * the allocator alone (for A/B measurements); elsewhere than Linux with glibc it does nothing.
 */
public final class NativeHeap {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

    /** glibc's mallopt parameters (malloc.h). */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;

    /**
     * Allocations below this come from the heap: 32 MiB, the top of glibc's own dynamic range and
     * four times the encoder's largest buffer at the default shape and batch.
     */
    static final int MMAP_THRESHOLD = 32 << 20;
    /** Free memory at the top of the heap is returned to the system only beyond this. */
    static final int TRIM_THRESHOLD = 1 << 30;
    /** Each heap extension asks for this much more, so that growth is not page by page. */
    static final int TOP_PAD = 64 << 20;

    /** What {@link #keepLargeBlocks()} did. */
    public enum Outcome { APPLIED, LEFT_DEFAULT, UNSUPPORTED }

    private static Outcome outcome;

    private NativeHeap() {
    }

    interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    /** Applies the policy above once; later calls return the first outcome. */
    public static synchronized Outcome keepLargeBlocks() {
        if (outcome == null) {
            outcome = apply();
        }
        return outcome;
    }

    private static Outcome apply() {
        if ("default".equals(System.getProperty("acm.nativeHeap"))) {
            return Outcome.LEFT_DEFAULT;
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Outcome.UNSUPPORTED;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            boolean ok = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            if (!ok) {
                LOG.warn("mallopt refused a setting; the C heap keeps part of its default policy");
                return Outcome.UNSUPPORTED;
            }
            return Outcome.APPLIED;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Not glibc (musl has no mallopt), or no native access: the default policy is correct, only slower.
            LOG.info("C heap policy left as is: {}", e.toString());
            return Outcome.UNSUPPORTED;
        }
    }
}
