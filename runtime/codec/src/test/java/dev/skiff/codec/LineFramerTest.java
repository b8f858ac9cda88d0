package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line framer on its own: records, line ends, the BOM and the limit, for every way the body can be cut. */
class LineFramerTest {
    /** Records as strings with their line numbers; fed whole, then cut at every offset, then byte by byte. */
    private static List<String> frame(String body, int max) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> whole = run(bytes, max, new int[0]);
        for (int k = 0; k <= bytes.length; k++) {
            assertThat(run(bytes, max, new int[] {k})).as("cut at " + k).isEqualTo(whole);
        }
        int[] every = new int[Math.max(0, bytes.length - 1)];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        assertThat(run(bytes, max, every)).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    private static List<String> run(byte[] body, int max, int[] cuts) {
        List<String> out = new ArrayList<>();
        LineFramer[] framer = new LineFramer[1];
        framer[0] = new LineFramer(new LineFramer.Records() {
            @Override
            public void record(byte[] b, int from, int to) {
                out.add(framer[0].line() + ":" + new String(b, from, to - from, StandardCharsets.UTF_8));
            }

            @Override
            public SkiffException tooLong() {
                return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, framer[0].line(), null, "too long");
            }
        }, max);
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : body.length;
                framer[0].feed(ByteBuffer.wrap(body, from, to - from));
                from = to;
            }
            framer[0].finish();
        } catch (SkiffException e) {
            out.add("error " + e.getMessage());
        }
        return out;
    }

    @Test
    void linesEndInLfOrCrlfAndTheLastNeedsNone() {
        assertThat(frame("a\nbb\r\n\nccc", 100)).containsExactly("1:a", "2:bb", "3:", "4:ccc");
        assertThat(frame("a\n", 100)).containsExactly("1:a");
        assertThat(frame("", 100)).isEmpty();
    }

    @Test
    void onlyTheLastCarriageReturnIsALineEnd() {
        assertThat(frame("a\r\r\nb\rc\n", 100)).containsExactly("1:a\r", "2:b\rc");
    }

    @Test
    void aByteOrderMarkIsSkippedOnlyAtTheStart() {
        assertThat(frame("\uFEFFa\n\uFEFFb\n", 100)).containsExactly("1:a", "2:\uFEFFb");
        assertThat(frame("\uFEFF", 100)).isEmpty();
        assertThat(frame("\uFEFEa", 100)).containsExactly("1:\uFEFEa"); // EF BB BE: starts like a BOM, is not one
    }

    @Test
    void aLongRecordFailsAsSoonAsTheLimitIsPassed() {
        assertThat(frame("1234\n12345\n", 4)).containsExactly("1:1234", "error row 2: too long");
        assertThat(frame("1234\n", 4)).as("the LF is not counted").containsExactly("1:1234");
        assertThat(frame("1234\r\n", 4)).as("the CR is").containsExactly("error row 1: too long");
        // without a line end anywhere, the framer never holds more than the limit
        assertThat(frame("ok\n" + "x".repeat(50), 8)).containsExactly("1:ok", "error row 2: too long");
    }

    @Test
    void aFormatDecidesWhereItsRecordsEnd() {
        List<String> out = new ArrayList<>();
        LineFramer framer = new LineFramer(new LineFramer.Records() {
            @Override
            public int end(byte[] b, int recordStart, int from, int to) {
                for (int i = from; i < to; i++) {
                    if (b[i] == '\n' && i > recordStart && b[i - 1] == ';') {
                        return i;
                    }
                }
                return -1;
            }

            @Override
            public void record(byte[] b, int from, int to) {
                out.add(new String(b, from, to - from, StandardCharsets.UTF_8));
            }

            @Override
            public SkiffException tooLong() {
                throw new AssertionError();
            }
        }, 100);
        framer.feed(ByteBuffer.wrap("a\nb;\nc;\n".getBytes(StandardCharsets.UTF_8)));
        framer.finish();
        assertThat(out).containsExactly("a\nb;", "c;");
    }

    @Test
    void aRecordOfExactlyTheLimitPasses() {
        assertThat(frame("1234", 4)).containsExactly("1:1234");
        assertThat(frame("12345", 4)).containsExactly("error row 1: too long");
    }
}
