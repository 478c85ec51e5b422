package dev.acmstream.job.events;

/**
 * A record as it arrived from a source, before validation: its key and bytes, and where it came
 * from (for dead letters). A Flink POJO.
 */
public class RawRecord {
    /** The record key (the stream id when producers follow the convention), or null. */
    public String key;
    public byte[] value;
    /** topic:partition@offset, or the file name. */
    public String origin;

    public RawRecord() {
    }

    public RawRecord(String key, byte[] value, String origin) {
        this.key = key;
        this.value = value;
        this.origin = origin;
    }
}
