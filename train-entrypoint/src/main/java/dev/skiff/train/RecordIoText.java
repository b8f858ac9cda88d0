package dev.skiff.train;

import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.TrainingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The text inside a Pipe-mode channel's RecordIO frames ({@code RecordWrapperType: RecordIO}). SageMaker wraps each
 * S3 object in one frame (an augmented manifest: each attribute), so a frame holds any number of whole lines; the
 * payloads are passed on in order, each ended by a newline when it lacks one, so that an object's last line never
 * runs into the next object's first. Frames stream through in pieces ({@link RecordIoFrames#streaming}): memory is
 * a buffer or two whatever a frame's size. Broken framing fails with a {@link TrainingException} naming the source
 * and the record.
 */
final class RecordIoText extends InputStream {
    private final InputStream in;
    private final String source;
    private final byte[] chunk = new byte[Sources.BUFFER];
    private final RecordIoFrames frames = RecordIoFrames.streaming(new Pieces());
    private byte[] text = new byte[Sources.BUFFER];
    private int start;
    private int end;
    private boolean lineOpen;
    private boolean eof;

    /** @param source the source for messages, e.g. {@code train_0} */
    RecordIoText(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (start == end) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, end - start);
        System.arraycopy(text, start, b, off, n);
        start += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void fill() throws IOException {
        start = 0;
        end = 0;
        int n = in.read(chunk);
        try {
            if (n < 0) {
                eof = true;
                frames.finish();
            } else {
                frames.feed(ByteBuffer.wrap(chunk, 0, n));
            }
        } catch (SkiffException e) {
            throw new TrainingException(source + " record " + e.row() + ": " + e.problem()
                    + " (the channel's RecordWrapperType is RecordIO)", e);
        }
    }

    private void append(ByteBuffer piece) {
        int n = piece.remaining();
        if (end + n > text.length) {
            text = Arrays.copyOf(text, Math.max(end + n, text.length * 2));
        }
        piece.get(text, end, n);
        end += n;
    }

    /** Each frame's payload as text, newline-terminated. */
    private final class Pieces implements RecordIoFrames.PieceSink {
        @Override
        public void piece(long index, ByteBuffer piece) {
            append(piece);
            lineOpen = text[end - 1] != '\n';
        }

        @Override
        public void end(long index) {
            if (lineOpen) {
                append(ByteBuffer.wrap(new byte[] {'\n'}));
                lineOpen = false;
            }
        }
    }
}
