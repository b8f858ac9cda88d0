package dev.skiff.codec.recordio;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads RecordIO framing incrementally, as bytes arrive, in any split: the frames (and errors) are the same whether
 * the input comes in one piece or one byte at a time. This is the framing SageMaker uses for
 * {@code application/x-recordio-protobuf} bodies and channels, and for Pipe-mode channels with
 * {@code RecordWrapperType: RecordIO}.
 *
 * <p>A frame is a little-endian {@code uint32} magic number {@code 0xCED7230A}, a little-endian {@code uint32}
 * payload length, the payload, and zero padding up to a multiple of 4 bytes. The length's top 3 bits are MXNet's
 * continuation flag for records split into parts; the SageMaker SDK never writes it, and a frame that has it is
 * refused. Padding missing at the very end of the input is tolerated, as the SDK's reader does.
 *
 * <p>Each payload goes to the {@link Sink} as a read-only buffer that is valid only during the call (it may be a
 * slice of the caller's input or of the reader's own array): copy what must outlive it. Memory is bounded by
 * {@code maxFrameBytes}. A {@link #streaming} reader instead hands each payload on in pieces as they arrive and
 * holds none, for frames too long to hold (Pipe mode wraps a whole S3 object in one frame). Errors are
 * {@link SkiffException}s whose row is the 1-based frame number ({@link ErrorCode#MALFORMED_RECORDIO} for broken
 * framing, {@link ErrorCode#ROW_TOO_LARGE} past the limit); after one the reader is unusable. Not thread-safe.
 */
public final class RecordIoFrames {
    /** The magic number that opens every frame. */
    public static final int MAGIC = 0xCED7230A;
    private static final int HEADER = 8;
    private static final int LENGTH_BITS = 0x1FFFFFFF;

    /** Receives each frame's payload. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param index   the 1-based frame number
         * @param payload the payload, read-only, valid only during this call
         */
        void frame(long index, ByteBuffer payload);
    }

    /** Receives each frame's payload in pieces, in order, as the bytes arrive (see {@link #streaming}). */
    public interface PieceSink {
        /**
         * @param index the 1-based frame number
         * @param piece the next bytes of its payload (never empty), read-only, valid only during this call
         */
        void piece(long index, ByteBuffer piece);

        /** Frame {@code index} is complete: its last piece came before (an empty payload has none). */
        void end(long index);
    }

    private final int maxFrameBytes;
    private final Sink sink;
    private final PieceSink pieces;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] payload = new byte[0];
    private int length = -1;        // payload length of the current frame, -1 while its header is incomplete
    private int filled;             // payload bytes held so far
    private int padding;            // padding bytes still to skip
    private long frames;            // complete frames
    private long offset;            // input bytes consumed, for messages

    /**
     * @param maxFrameBytes the longest payload accepted
     * @param sink          receives each payload on the calling thread
     */
    public RecordIoFrames(int maxFrameBytes, Sink sink) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.sink = sink;
        this.pieces = null;
    }

    private RecordIoFrames(PieceSink pieces) {
        this.maxFrameBytes = LENGTH_BITS;
        this.sink = null;
        this.pieces = pieces;
    }

    /**
     * A reader that holds no payload: each one goes to {@code pieces} as its bytes arrive, so a frame may be as long
     * as the format allows ({@code 2^29 - 1} bytes) in constant memory. Framing is checked as by the other reader.
     */
    public static RecordIoFrames streaming(PieceSink pieces) {
        return new RecordIoFrames(pieces);
    }

    /** One frame around {@code payload}: magic and length (little-endian), the payload, zero padding to 4 bytes. */
    public static byte[] frame(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + ((payload.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
        return frame.putInt(MAGIC).putInt(payload.length).put(payload).array();
    }

    /** Complete frames so far. */
    public long frames() {
        return frames;
    }

    /** Reads every complete frame in {@code input}, keeping a partial one for the next call. */
    public void feed(ByteBuffer input) {
        while (input.hasRemaining()) {
            if (padding > 0) {
                int skip = Math.min(padding, input.remaining());
                input.position(input.position() + skip);
                padding -= skip;
                offset += skip;
            } else if (length < 0) {
                readHeader(input);
            } else {
                readPayload(input);
            }
        }
    }

    /** The input has ended: refuses a frame cut short. */
    public void finish() {
        if (length >= 0) {
            throw malformed("the input ends inside the record (" + filled + " of its " + length + " bytes, from byte "
                    + (offset - filled) + ")");
        }
        if (header.position() > 0) {
            throw malformed("the input ends inside the record's header (" + header.position() + " of " + HEADER
                    + " bytes, from byte " + (offset - header.position()) + ")");
        }
    }

    private void readHeader(ByteBuffer input) {
        while (header.hasRemaining() && input.hasRemaining()) {
            header.put(input.get());
            offset++;
        }
        if (header.hasRemaining()) {
            return;
        }
        int magic = header.getInt(0);
        int word = header.getInt(4);
        header.clear();
        long start = offset - HEADER;
        if (magic != MAGIC) {
            throw malformed(String.format("no RecordIO magic number at byte %d (found 0x%08x, expected 0x%08x)",
                    start, magic, MAGIC));
        }
        if ((word & ~LENGTH_BITS) != 0) {
            throw malformed("a part of a record split by MXNet (continuation flag " + (word >>> 29) + " at byte "
                    + start + "), which SageMaker's writers never produce and Skiff does not join");
        }
        if (word > maxFrameBytes) {
            throw SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, frames + 1, null,
                    "the record's " + word + " bytes are more than the limit of " + maxFrameBytes);
        }
        length = word;
        filled = 0;
        if (length == 0) {
            complete(ByteBuffer.wrap(payload, 0, 0));
        }
    }

    private void readPayload(ByteBuffer input) {
        if (pieces != null) {
            int n = Math.min(length - filled, input.remaining());
            ByteBuffer piece = input.slice();
            piece.limit(n);
            input.position(input.position() + n);
            filled += n;
            offset += n;
            pieces.piece(frames + 1, piece.asReadOnlyBuffer());
            if (filled == length) {
                complete(null);
            }
            return;
        }
        if (filled == 0 && input.remaining() >= length) {
            ByteBuffer slice = input.slice();
            slice.limit(length);
            input.position(input.position() + length);
            offset += length;
            complete(slice.asReadOnlyBuffer());
            return;
        }
        if (payload.length < length) {
            payload = new byte[Math.max(length, Math.min(maxFrameBytes, payload.length * 2))];
        }
        int n = Math.min(length - filled, input.remaining());
        input.get(payload, filled, n);
        filled += n;
        offset += n;
        if (filled == length) {
            complete(ByteBuffer.wrap(payload, 0, length).asReadOnlyBuffer());
        }
    }

    private void complete(ByteBuffer frame) {
        padding = (4 - (length & 3)) & 3;
        length = -1;
        filled = 0;
        if (pieces != null) {
            pieces.end(++frames);
        } else {
            sink.frame(++frames, frame);
        }
    }

    private SkiffException malformed(String message) {
        return SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, frames + 1, null, message);
    }
}
