package dev.skiff.transform;

import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * {@code SplitType=RecordIO}: a record is one RecordIO frame (SageMaker's framing, read by the codecs' shared
 * {@link RecordIoFrames}; frames with MXNet's continuation flag are refused there, as SageMaker's writers never make
 * them). Each record is handed on framed again, ready to send; only the framing is read, never the payload. Memory
 * is one read buffer and the frames it held.
 */
final class RecordIoRecords implements RecordReader {
    private final InputStream in;
    private final RecordIoFrames frames;
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[64 * 1024];
    private boolean ended;
    private long returned;

    RecordIoRecords(InputStream in, long maxBytes) {
        this.in = in;
        this.frames = new RecordIoFrames((int) Math.min(Integer.MAX_VALUE - 16, maxBytes), (index, payload) -> {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            ready.add(RecordIoFrames.frame(copy));
        });
    }

    @Override
    public byte[] next() throws IOException {
        try {
            while (ready.isEmpty() && !ended) {
                int n = in.read(buffer);
                if (n < 0) {
                    ended = true;
                    frames.finish();
                } else {
                    frames.feed(ByteBuffer.wrap(buffer, 0, n));
                }
            }
        } catch (SkiffException e) {
            throw new TransformException("RecordIO record " + e.row() + ": " + e.problem());
        }
        byte[] next = ready.poll();
        if (next != null) {
            returned++;
        }
        return next;
    }

    @Override
    public String position() {
        return "RecordIO record " + returned;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
