package dev.skiff.transform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Groups a file's records into request bodies by {@code BatchStrategy}: one record each ({@code SingleRecord}), or
 * as many whole records as fit in the payload limit ({@code MultiRecord}). A record is never cut; one larger than
 * the limit fails the job, naming it.
 */
final class MiniBatches {
    /** One request body and the records in it (1-based, inclusive), with where they are in the file. */
    record MiniBatch(byte[] body, long firstRecord, long lastRecord, String from, String to) {
        long records() {
            return lastRecord - firstRecord + 1;
        }

        String describe() {
            return firstRecord == lastRecord ? "record " + firstRecord + " (" + from + ")"
                    : "records " + firstRecord + "-" + lastRecord + " (" + from + " to " + to + ")";
        }
    }

    private final RecordReader reader;
    private final boolean single;
    private final long limit;
    private byte[] pending;
    private String pendingAt;
    private long records;

    MiniBatches(RecordReader reader, boolean single, long limitBytes) {
        this.reader = reader;
        this.single = single;
        this.limit = limitBytes;
    }

    /** The next mini-batch, or null when the file is done. */
    MiniBatch next() throws IOException {
        if (pending == null && !advance()) {
            return null;
        }
        ByteArrayOutputStream body =
                new ByteArrayOutputStream(single ? pending.length : (int) Math.min(limit, 1 << 20));
        long first = records;
        String from = pendingAt;
        String to;
        do {
            body.write(pending);
            to = pendingAt;
            pending = null;
        } while (!single && advance() && body.size() + (long) pending.length <= limit);
        long last = pending == null ? records : records - 1;
        return new MiniBatch(body.toByteArray(), first, last, from, to);
    }

    private boolean advance() throws IOException {
        pending = reader.next();
        if (pending == null) {
            return false;
        }
        records++;
        pendingAt = reader.position();
        if (pending.length > limit) {
            throw new TransformException("record " + records + " (" + pendingAt + ") is " + pending.length
                    + " bytes, over the " + limit + "-byte request limit (MaxPayloadInMB)");
        }
        return true;
    }
}
