package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibsvmDecoderTest {
    private static final float N = Float.NaN;

    /** Decodes {@code body} for a 4-feature model, split into two calls at {@code split}; rows as float arrays. */
    private static List<float[]> decode(String body, int split, int batchRows) {
        List<float[]> out = new ArrayList<>();
        List<Long> firstRows = new ArrayList<>();
        RecordDecoder d = Formats.decoder("text/libsvm; charset=utf-8", InputSchema.numeric(4), batchRows, 1000,
                (Batch b) -> {
                    firstRows.add(b.firstRow());
                    for (int i = 0; i < b.size(); i++) {
                        float[] row = new float[4];
                        System.arraycopy(b.dense(), i * 4, row, 0, 4);
                        out.add(row);
                    }
                });
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        d.decode(ByteBuffer.wrap(bytes, 0, split));
        d.decode(ByteBuffer.wrap(bytes, split, bytes.length - split));
        d.finish();
        long expected = 1;
        for (long first : firstRows) {
            assertThat(first).isEqualTo(expected);
            expected += batchRows;
        }
        return out;
    }

    /** Every split of the body, and batches of 1 and 2 rows, must give the same rows. */
    private static List<float[]> everySplit(String body) {
        List<float[]> reference = decode(body, 0, 64);
        for (int split = 0; split <= body.getBytes(StandardCharsets.UTF_8).length; split++) {
            for (int batch : new int[] {1, 2}) {
                assertThat(decode(body, split, batch).stream().map(Arrays::toString))
                        .as("split at %d, batches of %d", split, batch)
                        .containsExactlyElementsOf(reference.stream().map(Arrays::toString).toList());
            }
        }
        return reference;
    }

    @Test
    void oneBasedWhenNoIndexIsZeroAndAbsentIndicesAreMissing() {
        List<float[]> rows = everySplit("1 1:0.5 3:2\n0 2:-1 4:1e-3\n\n# a comment\n4:7");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(0.5f, N, 2f, N);
        assertThat(rows.get(1)).containsExactly(N, -1f, N, 0.001f);
        assertThat(rows.get(2)).containsExactly(N, N, N, 7f);
    }

    @Test
    void zeroBasedAsSoonAsAnyIndexIsZeroEvenInTheLastRow() {
        List<float[]> rows = everySplit("1:0.5 3:2\r\n2:-1\r\n0:9 1:8\r\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(N, 0.5f, N, 2f);
        assertThat(rows.get(1)).containsExactly(N, N, -1f, N);
        assertThat(rows.get(2)).containsExactly(9f, 8f, N, N);
    }

    @Test
    void zeroInTheMiddleOfARowReleasesTheHeldRowsInOrder() {
        List<float[]> rows = everySplit("1 1:1\n1 2:2 0:0 3:3\n1 1:4\n");
        assertThat(rows.get(0)).containsExactly(N, 1f, N, N);
        assertThat(rows.get(1)).containsExactly(0f, N, 2f, 3f);
        assertThat(rows.get(2)).containsExactly(N, 4f, N, N);
    }

    @Test
    void aRowWithNoPairsIsAllMissingAndLabelsAreIgnored() {
        List<float[]> rows = everySplit("1\n0 2:1 # trailing comment 3:3\n");
        assertThat(rows.get(0)).containsExactly(N, N, N, N);
        assertThat(rows.get(1)).containsExactly(N, 1f, N, N);
    }

    @Test
    void anIndexBeyondTheModelNamesRowAndIndex() {
        assertThatThrownBy(() -> decode("1:1\n1:1 5:2\n", 0, 8))
                .isInstanceOfSatisfying(SkiffException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.WRONG_FEATURE_COUNT);
                    assertThat(e.row()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("feature index 5");
                });
        // 4 is the last feature when 1-based, one too many when an index 0 makes the payload 0-based
        assertThat(decode("4:1\n", 0, 8)).hasSize(1);
        assertThatThrownBy(() -> decode("4:1\n0:1\n", 0, 8)).hasMessageContaining("0-based");
    }

    @Test
    void malformedPairsAreBadRows() {
        assertThatThrownBy(() -> decode("1:1\n1:x\n", 0, 8)).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_NUMBER));
        assertThatThrownBy(() -> decode("1 2 3\n", 0, 8)).hasMessageContaining("not index:value");
        assertThatThrownBy(() -> decode("a:1\n", 0, 8)).hasMessageContaining("not a feature index");
        assertThatThrownBy(() -> decode("-1:1\n", 0, 8)).hasMessageContaining("not a feature index");
        assertThatThrownBy(() -> decode("1:1 1:2\n", 0, 8)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> decode(":1\n", 0, 8)).hasMessageContaining("no index");
    }

    @Test
    void xLibsvmIsTheSameFormatAndAnyWidthModelsAreRefused() {
        RecordDecoder d = Formats.decoder("text/x-libsvm", InputSchema.numeric(2), 8, 100, b -> { });
        d.decode(ByteBuffer.wrap("1:1\n".getBytes(StandardCharsets.UTF_8)));
        d.finish();
        assertThatThrownBy(() -> Formats.decoder("text/libsvm", InputSchema.numeric(InputSchema.ANY), 8, 100,
                b -> { })).isInstanceOfSatisfying(SkiffException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CONTENT_TYPE));
    }

    @Test
    void aLineLongerThanTheRowLimitIsRefusedBeforeItEnds() {
        RecordDecoder d = Formats.decoder("text/libsvm", InputSchema.numeric(4), 8, 10, b -> { });
        assertThatThrownBy(() -> d.decode(ByteBuffer.wrap("1:1 2:2 3:3 4:4".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(SkiffException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_TOO_LARGE));
    }
}
