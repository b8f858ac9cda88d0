package dev.skiff.codec.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The record-level reader on its own, as training uses it: frames of the SDK-written fixtures, whole and cut at
 * every byte, give the fixture's rows and labels; broken framing is refused naming the record.
 */
class RecordIoFramesTest {
    /** Reads every frame's record into (features row, label) with the given cuts. */
    private static List<String> read(byte[] body, int width, int... cuts) {
        List<String> out = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(1 << 16, (index, payload) -> {
            Record r = Tensor.record(index, payload);
            Tensor t = Tensor.of(index, "features", r.getFeaturesOrThrow("values"));
            float[] row = new float[width];
            Arrays.fill(row, Float.NaN);
            for (int i = 0; i < t.count(); i++) {
                row[t.sparse() ? (int) t.key(i) : i] = (float) t.value(i);
            }
            String label = r.containsLabel("values")
                    ? " label " + Tensor.of(index, "label", r.getLabelOrThrow("values")).value(0) : "";
            out.add(index + ": " + Arrays.toString(row) + label);
        });
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : body.length;
            frames.feed(ByteBuffer.wrap(body, from, to - from));
            from = to;
        }
        frames.finish();
        assertThat(frames.frames()).isEqualTo(out.size());
        return out;
    }

    private static List<String> expected(String name, boolean labelled) {
        List<float[]> rows = RecordIoFixtures.rows(name);
        List<Double> labels = labelled ? RecordIoFixtures.labels(name) : List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add((i + 1) + ": " + Arrays.toString(rows.get(i)) + (labelled ? " label " + labels.get(i) : ""));
        }
        return out;
    }

    @Test
    void sdkWrittenFixturesReadTheSameInEverySplit() {
        for (String name : RecordIoFixtures.ALL) {
            byte[] body = RecordIoFixtures.body(name);
            boolean labelled = name.equals("dense-f32") || name.equals("sparse-f32");
            List<String> expected = expected(name, labelled);
            assertThat(read(body, 5)).as(name).isEqualTo(expected);
            for (int k = 0; k <= body.length; k++) {
                assertThat(read(body, 5, k)).as(name + " cut at " + k).isEqualTo(expected);
            }
            int[] everyByte = new int[body.length - 1];
            Arrays.setAll(everyByte, i -> i + 1);
            assertThat(read(body, 5, everyByte)).as(name + " byte by byte").isEqualTo(expected);
        }
    }

    @Test
    void framesCarryAnyPayload() {
        // Pipe mode with RecordWrapperType RecordIO wraps text records the same way.
        byte[] body = concat(RecordIoFrames.frame("1,2,3".getBytes(StandardCharsets.UTF_8)),
                RecordIoFrames.frame(new byte[0]), RecordIoFrames.frame("four".getBytes(StandardCharsets.UTF_8)));
        List<String> payloads = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(100, (index, payload) -> {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            payloads.add(index + "=" + new String(b, StandardCharsets.UTF_8));
        });
        frames.feed(ByteBuffer.wrap(body));
        frames.finish();
        assertThat(payloads).containsExactly("1=1,2,3", "2=", "3=four");
    }

    @Test
    void paddingMissingAtTheVeryEndIsTolerated() {
        byte[] framed = RecordIoFrames.frame("abcde".getBytes(StandardCharsets.UTF_8));
        byte[] unpadded = Arrays.copyOf(framed, 8 + 5);
        List<Long> seen = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(100, (index, payload) -> seen.add(index));
        frames.feed(ByteBuffer.wrap(unpadded));
        frames.finish();
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void brokenFramingNamesTheRecord() {
        byte[] good = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        byte[] badMagic = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        badMagic[0] = 0;
        assertThat(error(concat(good, badMagic))).isEqualTo("MALFORMED_RECORDIO row 2: no RecordIO magic number at "
                + "byte 12 (found 0xced72300, expected 0xced7230a)");
        assertThat(error(concat(good, Arrays.copyOf(good, 5)))).isEqualTo("MALFORMED_RECORDIO row 2: the input "
                + "ends inside the record's header (5 of 8 bytes, from byte 12)");
        byte[] longer = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 40);
        assertThat(error(concat(good, longer))).isEqualTo("MALFORMED_RECORDIO row 2: the input ends inside the "
                + "record (4 of its 40 bytes, from byte 20)");
        byte[] continued = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        ByteBuffer.wrap(continued).order(ByteOrder.LITTLE_ENDIAN).putInt(4, (1 << 29) | 4);
        assertThat(error(continued)).startsWith("MALFORMED_RECORDIO row 1: a part of a record split by MXNet");
        assertThat(error(RecordIoFrames.frame(new byte[200])))
                .isEqualTo("ROW_TOO_LARGE row 1: the record's 200 bytes are more than the limit of 100");
        byte[] notProtobuf = RecordIoFrames.frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> new RecordIoFrames(100, Tensor::record).feed(ByteBuffer.wrap(notProtobuf)))
                .isInstanceOf(SkiffException.class)
                .hasMessageStartingWith("row 1: not an aialgs.data.Record protobuf message:")
                .satisfies(e -> assertThat(((SkiffException) e).code()).isEqualTo(ErrorCode.MALFORMED_RECORDIO));
    }

    @Test
    void streamingHandsOnThePayloadsInPiecesThatJoinAlikeInEverySplit() {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'x');
        List<byte[]> bodies = new ArrayList<>();
        for (String name : RecordIoFixtures.ALL) {
            bodies.add(RecordIoFixtures.body(name));
        }
        bodies.add(concat(RecordIoFrames.frame("a,1\nb,2\n".getBytes(StandardCharsets.UTF_8)),
                RecordIoFrames.frame(new byte[0]), RecordIoFrames.frame(big), RecordIoFrames.frame(new byte[] {7})));
        for (byte[] body : bodies) {
            List<String> whole = new ArrayList<>();
            RecordIoFrames held = new RecordIoFrames(big.length, (index, payload) -> {
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                whole.add(index + "=" + Arrays.toString(b));
            });
            held.feed(ByteBuffer.wrap(body));
            held.finish();
            for (int k = 0; k <= body.length; k += body.length > 1000 ? 97 : 1) {
                assertThat(streamed(body, k)).as("cut at " + k).isEqualTo(whole);
            }
        }
    }

    @Test
    void streamingChecksTheFramingAsTheHoldingReaderDoes() {
        byte[] good = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        byte[] badMagic = RecordIoFrames.frame(new byte[] {1, 2, 3, 4});
        badMagic[0] = 0;
        assertThatThrownBy(() -> streamed(concat(good, badMagic), 0))
                .hasMessage("row 2: no RecordIO magic number at byte 12 (found 0xced72300, expected 0xced7230a)");
        assertThatThrownBy(() -> streamed(concat(good, Arrays.copyOf(good, 9)), 3))
                .hasMessage("row 2: the input ends inside the record (1 of its 4 bytes, from byte 20)");
    }

    /** The payloads a streaming reader hands on, each joined from its pieces, with the input cut at {@code cut}. */
    private static List<String> streamed(byte[] body, int cut) {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        RecordIoFrames frames = RecordIoFrames.streaming(new RecordIoFrames.PieceSink() {
            @Override
            public void piece(long index, ByteBuffer piece) {
                assertThat(piece.isReadOnly() && piece.hasRemaining()).isTrue();
                byte[] b = new byte[piece.remaining()];
                piece.get(b);
                current.writeBytes(b);
            }

            @Override
            public void end(long index) {
                out.add(index + "=" + Arrays.toString(current.toByteArray()));
                current.reset();
            }
        });
        frames.feed(ByteBuffer.wrap(body, 0, cut));
        frames.feed(ByteBuffer.wrap(body, cut, body.length - cut));
        frames.finish();
        return out;
    }

    private static String error(byte[] body) {
        RecordIoFrames frames = new RecordIoFrames(100, (index, payload) -> { });
        try {
            frames.feed(ByteBuffer.wrap(body));
            frames.finish();
            return null;
        } catch (SkiffException e) {
            return e.code() + " " + e.getMessage();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
