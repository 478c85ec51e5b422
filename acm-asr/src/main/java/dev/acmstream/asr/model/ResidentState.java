package dev.acmstream.asr.model;

import ai.djl.ndarray.NDManager;

/**
 * Keeps a batch's encoder state in native memory between decode calls. When the next call has
 * the same streams in the same order, which is the steady state of a busy recognizer, their
 * caches are not copied out to Java arrays and back in (at the default shape about 1 MB per
 * stream each way, a sixth of a chunk's wall time at batch 16). When the batch changes, the
 * resident rows are first written back to their streams' caches.
 *
 * <p>Owned by one thread. Call {@link #flush()} before reading or serializing a cache, e.g.
 * before a checkpoint; {@link StreamCache#write} refuses a resident cache.
 */
public final class ResidentState implements AutoCloseable {
    private final NDManager parent;
    private final ModelConfig config;
    private NDManager held;
    private EncoderState state;
    private StreamCache[] caches;

    public ResidentState(NDManager parent, ModelConfig config) {
        this.parent = parent;
        this.config = config;
    }

    /** The batch state for these caches: the resident one if it matches, else stacked afresh. */
    public EncoderState acquire(NDManager call, StreamCache[] batch) {
        if (state != null && sameStreams(batch)) {
            return state;
        }
        flush();
        return EncoderState.stack(call, config, batch);
    }

    /** Takes ownership of the state a call produced for these caches. */
    public void keep(EncoderState next, StreamCache[] batch) {
        NDManager m = parent.newSubManager();
        next.attach(m);
        if (held != null) {
            for (StreamCache c : caches) {
                c.residentIn = null;
            }
            held.close();
        }
        held = m;
        state = next;
        caches = batch.clone();
        for (StreamCache c : caches) {
            c.residentIn = this;
        }
    }

    /** Writes resident rows back to their caches and frees the native state. */
    public void flush() {
        if (state == null) {
            return;
        }
        state.unstackAll(caches, config);
        for (StreamCache c : caches) {
            c.residentIn = null;
        }
        held.close();
        held = null;
        state = null;
        caches = null;
    }

    private boolean sameStreams(StreamCache[] batch) {
        if (batch.length != caches.length) {
            return false;
        }
        for (int i = 0; i < batch.length; i++) {
            if (batch[i] != caches[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        flush();
    }
}
