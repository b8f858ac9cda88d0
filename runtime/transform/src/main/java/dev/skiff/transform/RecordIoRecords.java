package dev.skiff.transform;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code SplitType=RecordIO}: SageMaker's RecordIO framing (MXNet's). A frame is a little-endian {@code 0xced7230a}
 * magic, a little-endian word whose upper 3 bits are the continuation flag and lower 29 the data length, then the
 * data padded to 4 bytes. Flag 0 is a whole record; 1, 2..., 3 are the first, middle and last frames of one record.
 * A record is returned with its frames as they were, ready to send; only the framing is read, never the payload.
 */
final class RecordIoRecords implements RecordReader {
    static final int MAGIC = 0xced7230a;

    private final DataInputStream in;
    private final long maxBytes;
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(1024);
    private long offset;
    private long recordStart;

    RecordIoRecords(InputStream in, long maxBytes) {
        this.in = new DataInputStream(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] next() throws IOException {
        record.reset();
        recordStart = offset;
        int flag = frame(true);
        if (flag < 0) {
            return null;
        }
        if (flag != 0 && flag != 1) {
            throw bad("a record starts with continuation flag " + flag + " (expected 0 or 1)");
        }
        while (flag == 1 || flag == 2) {
            flag = frame(false);
            if (flag == 0 || flag == 1 || flag < 0) {
                throw bad("a multi-frame record has no end frame");
            }
        }
        return record.toByteArray();
    }

    /** Appends one frame to {@link #record} and returns its flag; -1 at a clean end of the input. */
    private int frame(boolean endAllowed) throws IOException {
        byte[] head = new byte[8];
        int got = in.readNBytes(head, 0, 8);
        if (got == 0 && endAllowed) {
            return -1;
        }
        if (got < 8) {
            throw bad("the input ends inside a frame header");
        }
        if (littleEndian(head, 0) != MAGIC) {
            throw bad(String.format("no RecordIO magic (0xced7230a) at byte %d", offset));
        }
        int word = littleEndian(head, 4);
        int flag = word >>> 29;
        int length = word & ((1 << 29) - 1);
        int padded = (length + 3) & ~3;
        if (record.size() + 8L + padded > maxBytes) {
            throw bad("a record is larger than the " + maxBytes + "-byte request limit (MaxPayloadInMB)");
        }
        record.write(head);
        byte[] data = new byte[padded];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw bad("the input ends inside a frame of " + length + " bytes");
        }
        record.write(data);
        offset += 8 + padded;
        return flag;
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private TransformException bad(String what) {
        return new TransformException("RecordIO record at byte " + recordStart + ": " + what);
    }

    @Override
    public String position() {
        return "byte " + offset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
