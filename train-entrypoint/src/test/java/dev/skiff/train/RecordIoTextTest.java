package dev.skiff.train;

import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unwrapping RecordIO-wrapped text: the same text whatever the frames' sizes and however the bytes arrive. */
class RecordIoTextTest {
    @Test
    void framesLargerThanTheBufferAndManyTinyOnesGiveTheirTextNewlineEnded() throws Exception {
        StringBuilder object = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            object.append(i).append(",0.5,0.25\n");
        }
        object.append("last,line,without,newline");
        ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        wrapped.writeBytes(frame(object.toString()));
        expected.append(object).append('\n');
        for (int i = 0; i < 5_000; i++) { // one line per frame, as an augmented manifest wraps each attribute
            String line = i % 3 == 0 ? "" : i % 3 == 1 ? "a" + i : "b" + i + "\n";
            wrapped.writeBytes(frame(line));
            expected.append(line).append(line.isEmpty() || line.endsWith("\n") ? "" : "\n");
        }
        byte[] body = wrapped.toByteArray();
        assertThat(body.length).isGreaterThan(3 * Sources.BUFFER);
        for (long seed = 0; seed < 5; seed++) {
            assertThat(unwrap(new Trickle(body, new Random(seed)))).as("seed " + seed).isEqualTo(expected.toString());
        }
        RecordIoText oneByOne = new RecordIoText(new ByteArrayInputStream(body), "train_0");
        StringBuilder read = new StringBuilder();
        int b;
        while ((b = oneByOne.read()) >= 0) {
            read.append((char) b);
        }
        assertThat(read.toString()).isEqualTo(expected.toString());
    }

    @Test
    void aCutFrameNamesTheSourceAndRecord() {
        byte[] body = Arrays.copyOf(concat(frame("1,a\n"), frame("2,b\n")), 12 + 8 + 2);
        assertThatThrownBy(() -> unwrap(new ByteArrayInputStream(body))).isInstanceOf(TrainingException.class)
                .hasMessage("train_0 record 2: the input ends inside the record (2 of its 4 bytes, from byte 20)"
                        + " (the channel's RecordWrapperType is RecordIO)");
    }

    private static String unwrap(InputStream in) throws IOException {
        return new String(new RecordIoText(in, "train_0").readAllBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] frame(String text) {
        return RecordIoFrames.frame(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        return ChannelsTest.concat(parts);
    }

    /** Hands out its bytes a random 1 to 100,000 at a time, as a FIFO may. */
    private static final class Trickle extends InputStream {
        private final byte[] body;
        private final Random random;
        private int at;

        Trickle(byte[] body, Random random) {
            this.body = body;
            this.random = random;
        }

        @Override
        public int read() {
            return at < body.length ? body[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == body.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, body.length - at), 1 + random.nextInt(100_000));
            System.arraycopy(body, at, b, off, n);
            at += n;
            return n;
        }
    }
}
