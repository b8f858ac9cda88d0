package dev.skiff.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting (Line, RecordIO) and grouping into mini-batches, without a server. */
class RecordReadersTest {
    @Test
    void linesKeepTheirLineEndsAndSkipBlankLines() throws IOException {
        List<String> records = strings(new LineRecords(in("a,1\r\n\n\r\nb,2\nc,3"), 100));
        assertThat(records).containsExactly("a,1\r\n", "b,2\n", "c,3");
    }

    @Test
    void aLineOverTheLimitIsNamed() {
        assertThatThrownBy(() -> strings(new LineRecords(in("ok\n" + "x".repeat(50) + "\n"), 10)))
                .hasMessage("line 2 is longer than the 10-byte request limit (MaxPayloadInMB)");
    }

    @Test
    void recordIoFramesAreSplitIntoRecordsReadyToSend() throws IOException {
        byte[] first = frame(0, "abcde");
        byte[] empty = frame(0, "");
        byte[] last = frame(0, "0123456789");
        RecordIoRecords reader = new RecordIoRecords(new ByteArrayInputStream(concat(first, empty, last)), 1000);

        assertThat(reader.next()).isEqualTo(first);
        assertThat(reader.next()).isEqualTo(empty);
        assertThat(reader.next()).isEqualTo(last);
        assertThat(reader.next()).isNull();
        assertThat(first).hasSize(16); // 8-byte header, 5 bytes of data padded to 8
        assertThat(reader.position()).isEqualTo("RecordIO record 3");
    }

    @Test
    void brokenRecordIoIsNamedByRecordAndOffset() {
        byte[] file = concat(frame(0, "ok"), "not a frame".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> drain(new RecordIoRecords(new ByteArrayInputStream(file), 1000)))
                .hasMessageStartingWith("RecordIO record 2: no RecordIO magic number at byte 12");
        byte[] split = concat(frame(1, "start"), frame(3, "end"));
        assertThatThrownBy(() -> drain(new RecordIoRecords(new ByteArrayInputStream(split), 1000)))
                .hasMessageContaining("continuation flag 1");
        byte[] cut = java.util.Arrays.copyOf(frame(0, "truncated"), 12);
        assertThatThrownBy(() -> drain(new RecordIoRecords(new ByteArrayInputStream(cut), 1000)))
                .hasMessageContaining("the input ends inside the record");
        assertThatThrownBy(() -> drain(new RecordIoRecords(new ByteArrayInputStream(frame(0, "x".repeat(50))), 10)))
                .hasMessageStartingWith("RecordIO record 1: the record's 50 bytes are more than the limit of 10");
    }

    @Test
    void multiRecordFillsEachMiniBatchUpToTheLimitWithWholeRecords() throws IOException {
        MiniBatches batches = new MiniBatches(new LineRecords(in("aaaa\nbbbb\ncccc\ndddd\neeee\n"), 12), false, 12);
        List<String> bodies = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        for (MiniBatches.MiniBatch b = batches.next(); b != null; b = batches.next()) {
            bodies.add(new String(b.body(), StandardCharsets.UTF_8));
            ranges.add(b.describe());
        }
        assertThat(bodies).containsExactly("aaaa\nbbbb\n", "cccc\ndddd\n", "eeee\n");
        assertThat(ranges).containsExactly("records 1-2 (line 1 to line 2)", "records 3-4 (line 3 to line 4)",
                "record 5 (line 5)");
    }

    @Test
    void joinRefusesAnAnswerWithADifferentNumberOfLines() {
        assertThatThrownBy(() -> Join.forContentType("text/csv").write("1\n2\n".getBytes(StandardCharsets.UTF_8),
                "5\n".getBytes(StandardCharsets.UTF_8), new ByteArrayOutputStream()))
                .hasMessage("the answer has 1 lines for 2 records; JoinSource=Input needs one answer line per record");
        assertThatThrownBy(() -> Join.forContentType("application/x-recordio-protobuf"))
                .hasMessageContaining("text/csv and application/jsonlines");
    }

    static byte[] frame(int flag, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        int padded = (bytes.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dev.skiff.codec.recordio.RecordIoFrames.MAGIC).putInt(flag << 29 | bytes.length).put(bytes);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> strings(RecordReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        for (byte[] r = reader.next(); r != null; r = reader.next()) {
            out.add(new String(r, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void drain(RecordReader reader) throws IOException {
        while (reader.next() != null) {
            // read to the end or the error
        }
    }
}
