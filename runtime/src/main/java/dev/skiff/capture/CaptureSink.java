package dev.skiff.capture;

import java.util.List;

/** Where captured records go. Called from the capture writer's thread only, one batch at a time. */
interface CaptureSink extends AutoCloseable {
    /** Writes every record of {@code records} (JSON objects, one per record), or throws: then none is counted. */
    void write(List<CaptureRecord> records) throws Exception;

    /** What the sink writes to, for the log; never a password. */
    String describe();

    @Override
    void close();
}
